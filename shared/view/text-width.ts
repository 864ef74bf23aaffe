// How wide a label will be, estimated without a page to measure it in: the inspector's chart, its
// lanes and the SVG export keep labels apart and inside with this one estimate (sans-serif type).

/** An average character's width in ems, for the labels of the chart, its lanes and its export. */
export const AVERAGE_CHAR_EM = 0.6;

/** About the width of `text` in pixels at `fontPx`; `charEm` where an estimate must err wide or hug the text. */
export const textWidthPx = (text: string, fontPx: number, charEm = AVERAGE_CHAR_EM): number => text.length * fontPx * charEm;
