// Loaded into the server only by `npm run soak` (node --expose-gc --import): on the parent's IPC message
// "heap" it forces a full GC and answers the heap then. The product has no such diagnostic, so nothing
// in a deployed server can trigger a GC or read its heap.
/* global gc, process */
process.on("message", (m) => {
  if (m !== "heap") return;
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  process.send({ heapUsed, rss });
});
