import conference from "@alicloud/dingtalk/dist/conference_1_0/client.js";
import oauth2 from "@alicloud/dingtalk/dist/oauth2_1_0/client.js";
import OpenApi from "@alicloud/openapi-client";
import Util from "@alicloud/tea-util";

/** DingTalk's official SDK clients, pointed at a vconf server (endpoint + protocol only). */
export function sdkClients(port: number) {
  const config = new OpenApi.Config({ protocol: "http", regionId: "central", endpoint: `127.0.0.1:${port}` });
  return {
    oauth: new oauth2.default(config),
    conf: new conference.default(config),
    runtime: new Util.RuntimeOptions({}),
  };
}

export { conference, oauth2 };

/** What the SDK throws for an error answer. */
export interface SdkError {
  code: string;
  statusCode: number;
  message: string;
  data: Record<string, unknown>;
  accessDeniedDetail?: { requiredScopes: string[] };
}

/** Runs `fn`, expecting the SDK to throw; returns the error. */
export async function sdkError(fn: () => Promise<unknown>): Promise<SdkError> {
  try {
    await fn();
  } catch (e) {
    return e as SdkError;
  }
  throw new Error("expected the SDK call to fail");
}
