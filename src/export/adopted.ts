/**
 * Buckets named in `recording.buckets` (adopted by consent under `sync`) in a template that serves
 * every region: one condition per adopted region picks its name, and `IsAdoptedRegion` leaves
 * the bucket's tags alone there, as `sync` does. Such a bucket exists already, so its region's
 * stack must import it (docs/stacksets.md); CloudFormation would otherwise fail to create it.
 */
import type { EnvironmentConfig } from "../manifest/types.js";
import type { CfnValue } from "./template.js";

export const IS_ADOPTED_REGION = "IsAdoptedRegion";

/** `us-east-1` → `InUsEast1`. */
export function regionCondition(region: string): string {
  return `In${region
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("")}`;
}

function adoptedRegions(config: EnvironmentConfig): string[] {
  return Object.keys(config.recording.buckets).sort();
}

/** The conditions the adopted buckets need (none when no bucket is adopted). */
export function adoptedConditions(config: EnvironmentConfig): Record<string, CfnValue> {
  const regions = adoptedRegions(config);
  if (regions.length === 0) return {};
  const conditions: Record<string, CfnValue> = {};
  for (const region of regions)
    conditions[regionCondition(region)] = { "Fn::Equals": [{ Ref: "AWS::Region" }, region] };
  conditions[IS_ADOPTED_REGION] =
    regions.length === 1
      ? { "Fn::Equals": [{ Ref: "AWS::Region" }, regions[0]] }
      : anyOf(regions.map((region) => ({ Condition: regionCondition(region) })));
  return conditions;
}

/** `Fn::Or` takes 2 to 10 conditions: more are nested, the tenth holding the rest. */
function anyOf(each: CfnValue[]): CfnValue {
  if (each.length <= 10) return { "Fn::Or": each };
  return { "Fn::Or": [...each.slice(0, 9), anyOf(each.slice(9))] };
}

/** The bucket name: the adopted one in its region, else `derived`. */
export function adoptedBucketName(config: EnvironmentConfig, derived: CfnValue): CfnValue {
  return adoptedRegions(config).reduceRight<CfnValue>(
    (otherwise, region) => ({
      "Fn::If": [regionCondition(region), config.recording.buckets[region] ?? "", otherwise],
    }),
    derived,
  );
}
