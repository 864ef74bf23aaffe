// Long folds in the page (a big session, a big capture) work in slices and hand the thread back
// between them, so input and paint go on while they run.

/** Hands the thread back to the page (input, paint) for a moment: a macrotask, unclamped. */
export const yieldToPage = () =>
  new Promise<void>((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(null);
  });

/** Work between two yields: well under a frame, so the page keeps answering while a fold runs. */
export const SLICE_MS = 12;
