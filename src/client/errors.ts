/** DingTalk's error envelope as it arrives on the wire (spec section 3). */
export interface ErrorBody {
  code: string;
  requestid: string;
  message: string;
  accessdenieddetail?: { requiredScopes: string[] };
}

/**
 * A DingTalk-envelope error answer (any 4xx/5xx), from vconf or from DingTalk itself: `code`, `message`,
 * `requestid` and `accessdenieddetail` are the envelope's fields, `status` the HTTP status. An answer that
 * is not an envelope (a proxy's HTML page, say) gets code `InvalidResponse`.
 */
export class VconfApiError extends Error {
  override readonly name = "VconfApiError";
  readonly status: number;
  readonly code: string;
  readonly requestid: string;
  readonly accessdenieddetail?: { requiredScopes: string[] };

  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.requestid = body.requestid;
    if (body.accessdenieddetail) this.accessdenieddetail = body.accessdenieddetail;
  }

  /** The envelope again, as the server sent it. */
  toJSON(): ErrorBody {
    const body: ErrorBody = { code: this.code, requestid: this.requestid, message: this.message };
    if (this.accessdenieddetail) body.accessdenieddetail = this.accessdenieddetail;
    return body;
  }
}

/** Reads an answer's body as an envelope, or makes one saying what arrived instead. */
export function toApiError(status: number, text: string, requestid: string | null): VconfApiError {
  try {
    const body = JSON.parse(text) as Partial<ErrorBody>;
    if (body && typeof body === "object" && typeof body.code === "string") {
      return new VconfApiError(status, {
        code: body.code,
        requestid: typeof body.requestid === "string" ? body.requestid : (requestid ?? ""),
        message: typeof body.message === "string" ? body.message : "",
        ...(body.accessdenieddetail ? { accessdenieddetail: body.accessdenieddetail } : {}),
      });
    }
  } catch {
    // not JSON: described below
  }
  const excerpt = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return new VconfApiError(status, {
    code: "InvalidResponse",
    requestid: requestid ?? "",
    message: `HTTP ${status} without a DingTalk error envelope: ${excerpt}`,
  });
}
