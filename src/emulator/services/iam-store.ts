/** IAM's emulated state (global per account) and look-ups other services need. */
import { AwsError } from "../errors.js";
import { type EmulatorStore, globalState } from "../state.js";

export interface IamRole {
  roleName: string;
  roleId: string;
  path: string;
  arn: string;
  account: string;
  createDate: string;
  /** When the role was created, in ms (createDate has whole seconds): its propagation window starts here. */
  createdAtMs?: number;
  /** The trust policy as the caller sent it (JSON text). */
  assumeRolePolicyDocument: string;
  description?: string;
  maxSessionDuration: number;
  tags: { Key: string; Value: string }[];
  /** Attached managed policy ARNs, in the order they were attached. */
  attachedPolicies: string[];
  /** Inline policies: name → JSON text as the caller sent it. */
  inlinePolicies: Record<string, string>;
  /** The managed policy ARN set as the role's permissions boundary. */
  permissionsBoundary?: string;
}

export interface IamState {
  /** Keyed by `${account}/${roleName.toLowerCase()}` (role names are unique case-insensitively). */
  roles: Record<string, IamRole>;
}

export function iamState(store: EmulatorStore): IamState {
  return globalState<IamState>(store, "iam", () => ({ roles: {} }));
}

/** The key of a role in IamState.roles. */
export function roleKey(account: string, roleName: string): string {
  return `${account}/${roleName.toLowerCase()}`;
}

/** The role an ARN names, if it exists (S3 rejects policies naming a missing role). */
export function findRoleByArn(store: EmulatorStore, arn: string): IamRole | undefined {
  return Object.values(iamState(store).roles).find((role) => role.arn === arn);
}

/** A role of the caller's account by name (any letter case), or undefined. */
export function findRole(store: EmulatorStore, account: string, roleName: string): IamRole | undefined {
  return iamState(store).roles[roleKey(account, roleName)];
}

/** A role of the caller's account by name, or IAM's 404 NoSuchEntity. */
export function requireRole(store: EmulatorStore, account: string, roleName: string): IamRole {
  const role = findRole(store, account, roleName);
  if (!role) throw new AwsError("NoSuchEntity", `The role with name ${roleName} cannot be found.`, 404);
  return role;
}

/** Every role of one account, ordered by name as ListRoles returns them. */
export function rolesOf(store: EmulatorStore, account: string): IamRole[] {
  return Object.values(iamState(store).roles)
    .filter((role) => role.account === account)
    .sort((a, b) => a.roleName.toLowerCase().localeCompare(b.roleName.toLowerCase()));
}

export function roleArn(account: string, path: string, roleName: string): string {
  return `arn:aws:iam::${account}:role${path}${roleName}`;
}

/** An AWS managed policy (`arn:aws:iam::aws:policy{path}{name}`). */
export interface ManagedPolicy {
  name: string;
  path: string;
  arn: string;
}

function awsManaged(name: string, path = "/"): ManagedPolicy {
  return { name, path, arn: `arn:aws:iam::aws:policy${path}${name}` };
}

/**
 * The AWS managed policies the emulator knows: those yolo attaches (AmazonS3FullAccess,
 * AmazonAPIGatewayInvokeFullAccess) and a few common ones. Any other policy ARN does not exist
 * here (customer managed policies are not emulated: there is no CreatePolicy).
 */
export const AWS_MANAGED_POLICIES: readonly ManagedPolicy[] = [
  awsManaged("AmazonS3FullAccess"),
  awsManaged("AmazonS3ReadOnlyAccess"),
  awsManaged("AmazonAPIGatewayInvokeFullAccess"),
  awsManaged("AWSElementalMediaConvertFullAccess"),
  awsManaged("AWSElementalMediaConvertReadOnly"),
  awsManaged("CloudWatchLogsFullAccess"),
  awsManaged("CloudWatchLogsReadOnlyAccess"),
  awsManaged("AdministratorAccess"),
  awsManaged("ReadOnlyAccess"),
  awsManaged("IVSFullAccess"),
  awsManaged("IVSReadOnlyAccess"),
  awsManaged("AWSLambdaBasicExecutionRole", "/service-role/"),
];

export function findManagedPolicy(arn: string): ManagedPolicy | undefined {
  return AWS_MANAGED_POLICIES.find((policy) => policy.arn === arn);
}
