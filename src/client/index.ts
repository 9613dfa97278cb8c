/** vconf's typed client: `import { VconfClient, VconfApiError } from "vconf"`. */
export { VconfClient, type VconfClientOptions } from "./client.js";
export { VconfExtraCalls } from "./extras.js";
export { type ErrorBody, VconfApiError } from "./errors.js";
export type * from "./types.js";
export { VconfMediaCalls } from "./media.js";
