// The pcap / pcapng record parser, fed with byte chunks from any ByteSource: a file on the host
// (electron/capture/capture-reader.ts) or a File the user dropped on the page. Pure (no Node, no
// DOM), so the CLI and the inspector read captures with the same code and report damage alike.
// Written here rather than taken from npm: in November 2026 `pcap-parser` (0.2.1) reads classic
// pcap only, `pcap-ng-parser` (1.0.0, one release) pcapng only and decodes Ethernet only; neither
// handles both formats, nanosecond or per-interface timestamp resolutions, Linux cooked v2, or
// tells where a damaged file went wrong.
//
// Memory is one read buffer (grown only for a block larger than it, up to MAX_BLOCK), never the
// file. Damage stops the read and is reported with its byte offset; every packet before it has
// been delivered, so the caller analyses what was valid and warns.
import { isKnownLinkType } from './packet-decode.ts';

/** Random access to a capture's bytes, a chunk at a time. */
export interface ByteSource {
  /** For messages: the file name. */
  readonly name: string;
  readonly size: number;
  /** Copies up to `length` bytes from `position` into `into[at…]`; the count, 0 at the end. */
  read(into: Uint8Array, at: number, length: number, position: number): Promise<number>;
}

/** One packet. `data` is a view into the read buffer: valid only during the callback. */
export interface CapturedPacket {
  /** Microseconds since the epoch (fractional for nanosecond captures). */
  tsUs: number;
  linkType: number;
  data: Uint8Array;
  /** Length on the wire (data may be shorter: snaplen). */
  origLen: number;
  iface: number;
  /** Byte offset of the packet's record or block in the file. */
  offset: number;
  /** 1-based, as tshark numbers frames: every packet record of the file counts, a skipped interface's too. */
  frame: number;
  comments: readonly string[];
}

export type CaptureFormat = 'pcap' | 'pcapng';

export interface CaptureReadResult {
  format: CaptureFormat;
  packets: number;
  bytesRead: number;
  /** Where and why the file stopped being readable; packets before it were delivered. */
  damage: CaptureDamage | null;
  /** What was read in a way worth telling (one line per kind, naming file and offset): not damage. */
  warnings: string[];
}

export class CaptureDamage extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`${file}: byte ${offset}: ${reason}`);
  }
}

const PCAP_US = 0xa1b2c3d4;
const PCAP_NS = 0xa1b23c4d;
const PCAPNG_SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
/** Larger than any real packet (tcpdump's maximum snaplen is 262144) with room for comments. */
const MAX_BLOCK = 16 * 1024 * 1024;
const MAX_CAPLEN = 262_144;
const CHUNK = 4 * 1024 * 1024;

/** Which capture format the first bytes announce, or null: files are recognised by content. */
export function captureFormatOf(head: Uint8Array): CaptureFormat | null {
  if (head.length < 4) return null;
  const dv = new DataView(head.buffer, head.byteOffset, 4);
  const le = dv.getUint32(0, true);
  const be = dv.getUint32(0, false);
  if (le === PCAPNG_SHB) return 'pcapng';
  if (le === PCAP_US || le === PCAP_NS || be === PCAP_US || be === PCAP_NS) return 'pcap';
  return null;
}

export interface ReadOptions {
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export async function readCaptureFrom(source: ByteSource, onPacket: (p: CapturedPacket) => void, opts: ReadOptions = {}): Promise<CaptureReadResult> {
  const file = source.name;
  const total = source.size;
  const src = new ChunkSource(source);
  if (!(await src.ensure(Math.min(total, CHUNK))) || total < 4) throw new CaptureDamage(file, 0, `file is ${total} bytes, too short for a capture header`);
  const format = captureFormatOf(src.buf.subarray(src.pos, src.pos + 4));
  if (!format) throw new CaptureDamage(file, 0, `not a pcap or pcapng file (magic 0x${src.u32(src.pos, false).toString(16).padStart(8, '0')})`);
  const reader: FormatReader = format === 'pcapng' ? new PcapngReader(file) : new PcapReader(file);
  let packets = 0;
  let damage: CaptureDamage | null = null;
  let lastProgress = 0;
  const emit = (p: CapturedPacket) => {
    packets++;
    onPacket(p);
  };
  try {
    // Records are parsed synchronously from the buffer; the loop awaits only to refill it.
    for (let r = reader.next(src, emit); r !== DONE; r = reader.next(src, emit)) {
      if (r === MORE) {
        await src.ensure(src.need);
        if (opts.onProgress && src.offset - lastProgress > CHUNK) {
          lastProgress = src.offset;
          opts.onProgress(src.offset, total);
        }
      }
    }
  } catch (e) {
    if (!(e instanceof CaptureDamage)) throw e;
    damage = e;
  }
  opts.onProgress?.(total, total);
  return { format, packets, bytesRead: src.offset, damage, warnings: reader.notes.lines() };
}

/** A sliding window over the file: `buf[pos…end)` holds bytes from file offset `offset`. */
class ChunkSource {
  buf: Uint8Array;
  private dv: DataView;
  pos = 0;
  end = 0;
  private fileOffset = 0;
  total: number;

  constructor(private readonly source: ByteSource) {
    this.total = source.size;
    this.buf = new Uint8Array(Math.max(64, Math.min(CHUNK, this.total)));
    this.dv = new DataView(this.buf.buffer);
  }

  u32(at: number, le: boolean): number {
    return this.dv.getUint32(at, le);
  }

  u16(at: number, le: boolean): number {
    return this.dv.getUint16(at, le);
  }

  i32(at: number, le: boolean): number {
    return this.dv.getInt32(at, le);
  }

  /** File offset of buf[pos]. */
  get offset(): number {
    return this.fileOffset - (this.end - this.pos);
  }

  /** Bytes the reader asked for when it returned MORE. */
  need = 0;

  get eof(): boolean {
    return this.fileOffset >= this.total;
  }

  /** True when n bytes are buffered at pos; otherwise records the need for the driver. */
  has(n: number): boolean {
    if (this.end - this.pos >= n) return true;
    this.need = n;
    return false;
  }

  /** Makes n bytes available at pos; false at end of file (fewer remain). */
  async ensure(n: number): Promise<boolean> {
    if (this.end - this.pos >= n) return true;
    if (n > this.buf.length) {
      const bigger = new Uint8Array(Math.max(n, this.buf.length * 2));
      bigger.set(this.buf.subarray(this.pos, this.end));
      this.buf = bigger;
      this.dv = new DataView(bigger.buffer);
    } else this.buf.copyWithin(0, this.pos, this.end);
    this.end -= this.pos;
    this.pos = 0;
    while (this.end < n) {
      const bytesRead = await this.source.read(this.buf, this.end, this.buf.length - this.end, this.fileOffset);
      if (bytesRead === 0) {
        this.total = this.fileOffset; // the file shrank while being read: its end is here
        return false;
      }
      this.end += bytesRead;
      this.fileOffset += bytesRead;
    }
    return true;
  }
}

/**
 * Oddities a reader tolerates, told once per kind with the first place seen and a count: a file
 * with a million of them gets one line, not a million.
 */
class ReadNotes {
  private readonly seen = new Map<string, { offset: number; count: number; say: (count: number) => string }>();

  constructor(private readonly file: string) {}

  add(kind: string, offset: number, say: (count: number) => string): void {
    const n = this.seen.get(kind);
    if (n) n.count++;
    else this.seen.set(kind, { offset, count: 1, say });
  }

  lines(): string[] {
    return [...this.seen.values()].map((n) => `${this.file}: byte ${n.offset}: ${n.say(n.count)}`);
  }
}

const packetsWord = (n: number) => `${n} packet${n === 1 ? '' : 's'}`;

/**
 * pcap allows a sub-second field of 10^6 µs (10^9 ns) or more, and tshark reads it as it stands,
 * carrying into the seconds (1001 s + 1,500,000 µs is 1002.5 s): so is it read here, with a note.
 */
function noteLargeFraction(notes: ReadNotes, at: number, frac: number, unitUs: number): void {
  if (frac * unitUs < 1e6) return;
  const unit = unitUs === 1 ? 'µs' : 'ns';
  notes.add('fraction', at, (n) => `sub-second timestamp ${frac} ${unit} is a second or more (${packetsWord(n)}); read as tshark reads it, carried into the seconds`);
}

interface FormatReader {
  readonly format: CaptureFormat;
  readonly notes: ReadNotes;
  /** Reads the next record from the buffer. Throws CaptureDamage. */
  next(src: ChunkSource, emit: (p: CapturedPacket) => void): Step;
}

const DONE = 0; // clean end of file
const OK = 1; // one record consumed
const MORE = 2; // the buffer needs src.need bytes: refill and call again
type Step = typeof DONE | typeof OK | typeof MORE;

/** Not enough bytes buffered: at end of file that is damage, otherwise ask for a refill. */
function short(src: ChunkSource, damage: () => CaptureDamage): Step {
  if (src.eof) throw damage();
  return MORE;
}

const NO_COMMENTS: readonly string[] = [];
const utf8 = new TextDecoder();

class PcapReader implements FormatReader {
  readonly format = 'pcap';
  private le = true;
  private unitUs = 1;
  private linkType = 0;
  private started = false;
  private frames = 0;
  private readonly pkt: CapturedPacket = { tsUs: 0, linkType: 0, data: new Uint8Array(0), origLen: 0, iface: 0, offset: 0, frame: 0, comments: NO_COMMENTS };
  readonly notes: ReadNotes;

  constructor(private readonly file: string) {
    this.notes = new ReadNotes(file);
  }

  next(src: ChunkSource, emit: (p: CapturedPacket) => void): Step {
    const at = src.offset;
    if (!this.started) {
      if (!src.has(24)) return short(src, () => new CaptureDamage(this.file, at, 'pcap header cut short'));
      const magic = src.u32(src.pos, true);
      this.le = magic === PCAP_US || magic === PCAP_NS;
      this.unitUs = magic === PCAP_NS || src.u32(src.pos, false) === PCAP_NS ? 0.001 : 1;
      // The upper bits of the link-type field may carry an FCS length (pcap spec): keep the low 16.
      this.linkType = src.u32(src.pos + 20, this.le) & 0xffff;
      if (!isKnownLinkType(this.linkType)) throw new CaptureDamage(this.file, at + 20, `unknown link type ${this.linkType}`);
      src.pos += 24;
      this.started = true;
      return OK;
    }
    if (src.pos === src.end && src.eof) return DONE;
    if (!src.has(16)) return short(src, () => new CaptureDamage(this.file, at, `packet record header cut short (${src.total - at} bytes left)`));
    const p = src.pos;
    const le = this.le;
    const sec = src.u32(p, le);
    const frac = src.u32(p + 4, le);
    const caplen = src.u32(p + 8, le);
    const origLen = src.u32(p + 12, le);
    if (caplen > MAX_CAPLEN) throw new CaptureDamage(this.file, at + 8, `packet length ${caplen} exceeds ${MAX_CAPLEN} (corrupt record)`);
    noteLargeFraction(this.notes, at + 4, frac, this.unitUs);
    if (!src.has(16 + caplen)) return short(src, () => new CaptureDamage(this.file, at, `packet of ${caplen} bytes cut short (${src.total - at - 16} bytes left)`));
    const pkt = this.pkt;
    pkt.tsUs = sec * 1e6 + frac * this.unitUs;
    pkt.linkType = this.linkType;
    pkt.data = src.buf.subarray(src.pos + 16, src.pos + 16 + caplen);
    pkt.origLen = origLen;
    pkt.offset = at;
    pkt.frame = ++this.frames;
    src.pos += 16 + caplen;
    emit(pkt);
    return OK;
  }
}

interface Iface {
  linkType: number;
  /** Timestamp units per microsecond's worth: tsUs = units * unitUs. */
  unitUs: number;
  offsetUs: number;
  snaplen: number;
  /** A link type Lifeline does not decode: the interface's packets are skipped, with one note. */
  unknown: boolean;
}

const BT_IDB = 1;
const BT_OPB = 2; // obsolete Packet Block, still written by old tools
const BT_SPB = 3;
const BT_EPB = 6;
const OPT_COMMENT = 1;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

class PcapngReader implements FormatReader {
  readonly format = 'pcapng';
  private le = true;
  private ifaces: Iface[] = [];
  private lastTsUs = 0;
  private frames = 0;
  private readonly pkt: CapturedPacket = { tsUs: 0, linkType: 0, data: new Uint8Array(0), origLen: 0, iface: 0, offset: 0, frame: 0, comments: NO_COMMENTS };
  readonly notes: ReadNotes;

  constructor(private readonly file: string) {
    this.notes = new ReadNotes(file);
  }

  next(src: ChunkSource, emit: (p: CapturedPacket) => void): Step {
    const at = src.offset;
    if (src.pos === src.end && src.eof) return DONE;
    if (!src.has(12)) return short(src, () => new CaptureDamage(this.file, at, `block header cut short (${src.total - at} bytes left)`));
    let type = src.u32(src.pos, true);
    if (type === PCAPNG_SHB) {
      // A new section: its byte-order magic decides how everything up to the next one is read.
      if (src.u32(src.pos + 8, true) === BYTE_ORDER_MAGIC) this.le = true;
      else if (src.u32(src.pos + 8, false) === BYTE_ORDER_MAGIC) this.le = false;
      else throw new CaptureDamage(this.file, at + 8, 'section header with a bad byte-order magic');
      this.ifaces = [];
    } else if (!this.le) type = src.u32(src.pos, false);
    const le = this.le;
    const len = src.u32(src.pos + 4, le);
    if (len < 12 || len % 4 !== 0) throw new CaptureDamage(this.file, at + 4, `block length ${len} is invalid (must be ≥ 12 and a multiple of 4)`);
    if (len > MAX_BLOCK) throw new CaptureDamage(this.file, at + 4, `block length ${len} exceeds ${MAX_BLOCK} (corrupt block)`);
    if (!src.has(len)) return short(src, () => new CaptureDamage(this.file, at, `block of ${len} bytes cut short (${src.total - at} bytes left)`));
    const p = src.pos;
    const u32 = (o: number) => src.u32(p + o, le);
    const u16 = (o: number) => src.u16(p + o, le);
    if (u32(len - 4) !== len) throw new CaptureDamage(this.file, at + len - 4, `block trailer length ${u32(len - 4)} does not match ${len}`);
    src.pos += len;
    switch (type) {
      case PCAPNG_SHB:
        return OK;
      case BT_IDB: {
        if (len < 20) throw new CaptureDamage(this.file, at, 'interface description block too short');
        const linkType = u16(8);
        // One interface of a type not decoded (zeek's ldap captures hold one beside 105 Ethernet
        // interfaces) costs that interface's packets, not the file's, as in tshark.
        const iface: Iface = { linkType, unitUs: 1, offsetUs: 0, snaplen: u32(12), unknown: !isKnownLinkType(linkType) };
        this.options(src, p + 16, p + len - 4, at, (code, o, n) => {
          if (code === IF_TSRESOL && n >= 1) {
            const r = src.buf[o]!;
            const exp = r & 0x7f;
            iface.unitUs = 1e6 / (r & 0x80 ? 2 ** exp : 10 ** exp);
          } else if (code === IF_TSOFFSET && n >= 8) {
            const hi = le ? src.i32(o + 4, true) : src.i32(o, false);
            const lo = le ? src.u32(o, true) : src.u32(o + 4, false);
            iface.offsetUs = (hi * 2 ** 32 + lo) * 1e6;
          }
        });
        this.ifaces.push(iface);
        return OK;
      }
      case BT_EPB:
      case BT_OPB: {
        if (len < 32) throw new CaptureDamage(this.file, at, 'packet block too short');
        const ifId = type === BT_EPB ? u32(8) : u16(8);
        const iface = this.iface(ifId, at + 8);
        const caplen = u32(20);
        if (caplen > len - 32) throw new CaptureDamage(this.file, at + 20, `captured length ${caplen} exceeds its block`);
        const units = u32(12) * 2 ** 32 + u32(16);
        const comments: string[] = [];
        const optStart = p + 28 + pad4(caplen);
        this.options(src, optStart, p + len - 4, at, (code, o, n) => {
          if (code === OPT_COMMENT) comments.push(utf8.decode(src.buf.subarray(o, o + n)));
        });
        this.lastTsUs = units * iface.unitUs + iface.offsetUs;
        if (iface.unknown) return this.skip(ifId, iface, at);
        return this.emit(emit, iface, ifId, src.buf.subarray(p + 28, p + 28 + caplen), u32(24), at, comments);
      }
      case BT_SPB: {
        if (len < 16) throw new CaptureDamage(this.file, at, 'simple packet block too short');
        const iface = this.iface(0, at);
        const origLen = u32(8);
        const caplen = Math.min(origLen, iface.snaplen || origLen, len - 16);
        if (iface.unknown) return this.skip(0, iface, at);
        // SPBs carry no timestamp: the packet takes the last one seen.
        return this.emit(emit, iface, 0, src.buf.subarray(p + 12, p + 12 + caplen), origLen, at, []);
      }
      default:
        return OK; // name resolution, statistics, custom and future blocks: not needed
    }
  }

  private skip(ifId: number, iface: Iface, at: number): Step {
    this.frames++; // tshark numbers these frames too
    this.notes.add(`iface ${ifId} ${iface.linkType}`, at, (n) => `interface ${ifId} has link type ${iface.linkType}, which Lifeline does not decode: its ${packetsWord(n)} skipped`);
    return OK;
  }

  private emit(emit: (p: CapturedPacket) => void, iface: Iface, ifId: number, data: Uint8Array, origLen: number, at: number, comments: string[]): Step {
    const pkt = this.pkt;
    pkt.tsUs = this.lastTsUs;
    pkt.linkType = iface.linkType;
    pkt.data = data;
    pkt.origLen = origLen;
    pkt.iface = ifId;
    pkt.offset = at;
    pkt.frame = ++this.frames;
    pkt.comments = comments.length ? comments : NO_COMMENTS;
    emit(pkt);
    return OK;
  }

  private iface(id: number, at: number): Iface {
    const i = this.ifaces[id];
    if (!i) throw new CaptureDamage(this.file, at, `packet for interface ${id}, but only ${this.ifaces.length} described`);
    return i;
  }

  /** Walks a TLV option list; a list that overruns its block is damage. */
  private options(src: ChunkSource, o: number, end: number, at: number, each: (code: number, at: number, len: number) => void): void {
    while (o + 4 <= end) {
      const code = src.u16(o, this.le);
      const n = src.u16(o + 2, this.le);
      if (code === 0) return;
      if (o + 4 + n > end) throw new CaptureDamage(this.file, at, `option ${code} overruns its block`);
      each(code, o + 4, n);
      o += 4 + pad4(n);
    }
  }
}

const pad4 = (n: number) => (n + 3) & ~3;
