/**
 * The artifact kinds of `PUT /_vconf/v1/conferences/{id}/artifacts` (spec more §10) with every field's
 * type exactly as the official SDK's models cast it (`conference_1_0` models' `types()`). A field ending
 * in `?` may be left out; `recordId` is always optional: vconf fills in the meeting's own.
 */
export type Shape = "string" | "number" | "boolean" | Shape[] | { [field: string]: Shape };

const word: Shape = { word: "string", wordId: "string", startTime: "number", endTime: "number" };
const sentence: Shape = {
  unionId: "string",
  sentence: "string",
  startTime: "number",
  endTime: "number",
  "wordList?": [word],
};
const metricStrings = [
  "sendBitRate",
  "recvBitRate",
  "lostRate",
  "roundTripTime",
  "audioSendBitRate",
  "audioRecvBitRate",
  "audioRecLevel",
  "audioPlayLevel",
  "cameraSendBitRate",
  "cameraRecvBitRate",
  "cameraSendResolutionActual",
  "cameraRecvResolutionActual",
  "cameraSendFrame",
  "cameraRecvFrame",
  "screenSendBitRate",
  "screenRecvBitRate",
  "screenSendResolutionActual",
  "screenRecvResolutionActual",
  "screenSendFrame",
  "screenRecvFrame",
  "audioJitterMax",
  "audioJitterAvg",
];
const metric: { [f: string]: Shape } = { timestamp: "number" };
for (const f of metricStrings) metric[`${f}?`] = "string";
const span: Shape = { id: "number", sentenceId: "number", start: "number", end: "number", text: "string" };

/** Keys whose value is a map from unionId to a shape (`metrics`, `participants`). */
export const BY_USER = new Set(["metrics", "participants"]);

export const ARTIFACT_SHAPES: Record<string, Shape> = {
  cloudRecordVideos: [
    {
      "recordId?": "string",
      unionId: "string",
      mediaId: "string",
      regionId: "string",
      startTime: "number",
      endTime: "number",
      duration: "number",
      fileSize: "number",
      recordType: "number",
    },
  ],
  cloudRecordPlayInfos: [
    {
      mediaId: "string",
      regionId: "string",
      playUrl: "string",
      mp4FileUrl: "string",
      fileSize: "number",
      duration: "number",
      status: "number",
    },
  ],
  cloudRecordTexts: [
    {
      "recordId?": "number",
      unionId: "string",
      nickName: "string",
      paragraph: "string",
      startTime: "number",
      endTime: "number",
      "status?": "number",
      "sentenceList?": [sentence],
    },
  ],
  minutesTexts: [
    {
      paragraphId: "number",
      "recordId?": "number",
      startTime: "number",
      endTime: "number",
      unionId: "string",
      nickName: "string",
      paragraph: "string",
      "sentenceList?": [sentence],
    },
  ],
  minutesAudios: [
    {
      "recordId?": "string",
      unionId: "string",
      playUrl: "string",
      startTime: "number",
      endTime: "number",
      duration: "number",
      fileSize: "number",
    },
  ],
  minutesSummary: {
    "paragraphSummary?": "string",
    "keywords?": ["string"],
    "actions?": [span],
    "keySentences?": [span],
    "autoChapters?": [
      { id: "number", start: "number", end: "number", headline: "string", summary: "string" },
    ],
    "conversationalSummary?": [{ speakerId: "string", speakerName: "string", summary: "string" }],
    "questionsAnsweringSummary?": [
      {
        question: "string",
        answer: "string",
        "sentenceIdsOfQuestion?": ["number"],
        "sentenceIdsOfAnswer?": ["number"],
      },
    ],
  },
  minutesMeetingResult: { fullSummary: "string", action: ["string"] },
  flashMinutes: [
    {
      bizType: "string",
      recorderUnionId: "string",
      "status?": "number",
      "summary?": [{ id: "number", start: "number", end: "number", headline: "string", summary: "string" }],
      "recordMinutesUrls?": ["string"],
      "minutesDocUrl?": "string",
    },
  ],
  metrics: [metric],
  participants: { "version?": "string", "networkQuality?": "string", "deviceType?": "string" },
  cloudRecordOwnerUnionId: "string",
  minutesOwnerUnionId: "string",
};
