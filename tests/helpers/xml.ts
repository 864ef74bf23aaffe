// A real XML parser for checking reports: any warning or error (bad escaping, unclosed tags) throws.
import { DOMParser } from '@xmldom/xmldom';

export function parseXmlStrict(text: string): Document {
  const fail = (msg: unknown) => {
    throw new Error(`invalid XML: ${String(msg)}`);
  };
  const doc = new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(text, 'text/xml');
  return doc as unknown as Document;
}

export const elements = (parent: Document | Element, tag: string): Element[] => Array.from(parent.getElementsByTagName(tag));
