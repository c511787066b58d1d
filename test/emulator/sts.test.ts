import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { OTHER_ACCOUNT, TEST_CREDENTIALS, useEmulator } from "../helpers/emulator.js";

const handle = useEmulator();

/** A Query request the SDK cannot send (unknown action, wrong version), signed for sts. */
async function rawStsRequest(
  body: string,
): Promise<{ status: number; text: string; contentType: string | null }> {
  const response = await fetch(`${handle.emulator.url}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `AWS4-HMAC-SHA256 Credential=${TEST_CREDENTIALS.accessKeyId}/20240101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00`,
    },
    body,
  });
  return {
    status: response.status,
    text: await response.text(),
    contentType: response.headers.get("content-type"),
  };
}

describe("STS GetCallerIdentity", () => {
  it("names the caller's account, its user ARN and a stable AIDA user id", async () => {
    const sts = await handle.clients.sts("eu-central-1");
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.$metadata.httpStatusCode).toBe(200);
    expect(identity.Account).toBe("000000000000");
    expect(identity.Arn).toBe("arn:aws:iam::000000000000:user/emulator");
    expect(identity.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/);

    const again = await (await handle.clients.sts("us-east-1")).send(new GetCallerIdentityCommand({}));
    expect(again.UserId).toBe(identity.UserId);
    expect(again.Account).toBe("000000000000");
  });

  it("answers another access key with its own account", async () => {
    const sts = await handle.otherClients.sts("eu-west-1");
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(OTHER_ACCOUNT);
    expect(identity.Account).toBe("999999999999");
    expect(identity.Arn).toBe("arn:aws:iam::999999999999:user/emulator");
    const mine = await (await handle.clients.sts("eu-west-1")).send(new GetCallerIdentityCommand({}));
    expect(identity.UserId).not.toBe(mine.UserId);
  });

  it("speaks the Query wire: form body in, <GetCallerIdentityResponse> XML out", async () => {
    const response = await rawStsRequest("Action=GetCallerIdentity&Version=2011-06-15");
    expect(response.status).toBe(200);
    expect(response.contentType).toBe("text/xml");
    expect(response.text).toMatch(
      /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><GetCallerIdentityResult><UserId>AIDA[A-Z0-9]{17}<\/UserId><Account>000000000000<\/Account><Arn>arn:aws:iam::000000000000:user\/emulator<\/Arn><\/GetCallerIdentityResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/GetCallerIdentityResponse>$/,
    );
  });

  it("refuses an unknown action, or a known one for another version, with 400 InvalidAction", async () => {
    const unknown = await rawStsRequest("Action=AssumeRoleWithMagic&Version=2011-06-15");
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain("<Type>Sender</Type><Code>InvalidAction</Code>");
    expect(unknown.text).toContain(
      "<Message>Could not find operation AssumeRoleWithMagic for version 2011-06-15</Message>",
    );

    const wrongVersion = await rawStsRequest("Action=GetCallerIdentity&Version=2010-05-08");
    expect(wrongVersion.status).toBe(400);
    expect(wrongVersion.text).toContain("<Code>InvalidAction</Code>");

    const noAction = await rawStsRequest("Version=2011-06-15");
    expect(noAction.status).toBe(400);
    expect(noAction.text).toContain("<Code>MissingAction</Code>");
    expect(handle.emulator.log.map((entry) => [entry.service, entry.operation, entry.status])).toEqual([
      ["sts", "Unknown", 400],
      ["sts", "Unknown", 400],
      ["sts", "Unknown", 400],
    ]);
  });
});
