// Writing a zip entry by entry (the knowledge-base export), entries already deflated by zlib.
// fflate's streaming Zip writes no ZIP64 records, so past 65,535 entries the archive's entry count
// was cut to its low 16 bits (70,000 entries read as 4,464 by tools that trust the count), and it
// builds the whole central directory in one synchronous step at the end. Here an entry keeps its
// name and five numbers until the end, the central directory comes out in pieces, and ZIP64
// records are added when the counts or offsets need them.

/** Entries of the central directory per piece (a piece is made when the reader asks for it). */
const DIRECTORY_PIECE = 2_000;
const UTF8_NAMES = 0x0800;
const DEFLATE = 8;
const MAX_16 = 0xffff;
const MAX_32 = 0xffffffff;

interface Written {
  name: Uint8Array;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

/** MS-DOS time and date (local time, as zip tools read them; 1980 at the earliest). */
function dosTime(date: Date): { time: number; day: number } {
  const year = Math.max(1980, date.getFullYear());
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    day: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

export class ZipWriter {
  private readonly written: Written[] = [];
  private offset = 0;
  private readonly time: number;
  private readonly day: number;
  private readonly encoder = new TextEncoder();

  /** Every entry gets `mtime` as its time. */
  constructor(mtime: Date) {
    const { time, day } = dosTime(mtime);
    this.time = time;
    this.day = day;
  }

  /** One entry: its local header followed by its deflated bytes. */
  entry(
    filename: string,
    content: { crc: number; size: number; deflated: Uint8Array },
  ): Uint8Array[] {
    const name = this.encoder.encode(filename);
    if (name.length > MAX_16) throw new Error("a zip entry's name is too long");
    const header = new Uint8Array(30 + name.length);
    const view = new DataView(header.buffer);
    view.setUint32(0, 0x04034b50, true);
    view.setUint16(4, 20, true);
    view.setUint16(6, UTF8_NAMES, true);
    view.setUint16(8, DEFLATE, true);
    view.setUint16(10, this.time, true);
    view.setUint16(12, this.day, true);
    view.setUint32(14, content.crc >>> 0, true);
    view.setUint32(18, content.deflated.length, true);
    view.setUint32(22, content.size, true);
    view.setUint16(26, name.length, true);
    view.setUint16(28, 0, true);
    header.set(name, 30);
    this.written.push({
      name,
      crc: content.crc >>> 0,
      compressedSize: content.deflated.length,
      size: content.size,
      offset: this.offset,
    });
    this.offset += header.length + content.deflated.length;
    return [header, content.deflated];
  }

  /** The central directory in pieces, then the end records (with ZIP64 ones when needed). */
  *end(): Generator<Uint8Array> {
    const start = this.offset;
    for (let from = 0; from < this.written.length; from += DIRECTORY_PIECE) {
      const piece = this.written.slice(from, from + DIRECTORY_PIECE);
      const bytes = new Uint8Array(
        piece.reduce((n, w) => n + 46 + w.name.length + (w.offset >= MAX_32 ? 12 : 0), 0),
      );
      const view = new DataView(bytes.buffer);
      let at = 0;
      for (const w of piece) {
        const far = w.offset >= MAX_32;
        view.setUint32(at, 0x02014b50, true);
        view.setUint16(at + 4, far ? 45 : 20, true);
        view.setUint16(at + 6, far ? 45 : 20, true);
        view.setUint16(at + 8, UTF8_NAMES, true);
        view.setUint16(at + 10, DEFLATE, true);
        view.setUint16(at + 12, this.time, true);
        view.setUint16(at + 14, this.day, true);
        view.setUint32(at + 16, w.crc, true);
        view.setUint32(at + 20, w.compressedSize, true);
        view.setUint32(at + 24, w.size, true);
        view.setUint16(at + 28, w.name.length, true);
        view.setUint16(at + 30, far ? 12 : 0, true);
        // Comment length, disk, internal and external attributes: 0.
        view.setUint32(at + 42, far ? MAX_32 : w.offset, true);
        bytes.set(w.name, at + 46);
        at += 46 + w.name.length;
        if (far) {
          // ZIP64 extended information: the local header's offset.
          view.setUint16(at, 0x0001, true);
          view.setUint16(at + 2, 8, true);
          view.setBigUint64(at + 4, BigInt(w.offset), true);
          at += 12;
        }
      }
      this.offset += bytes.length;
      yield bytes;
    }
    const count = this.written.length;
    const size = this.offset - start;
    const zip64 = count >= MAX_16 || size >= MAX_32 || start >= MAX_32;
    const tail = new Uint8Array((zip64 ? 56 + 20 : 0) + 22);
    const view = new DataView(tail.buffer);
    let at = 0;
    if (zip64) {
      const record = this.offset;
      view.setUint32(0, 0x06064b50, true);
      view.setBigUint64(4, 44n, true);
      view.setUint16(12, 45, true);
      view.setUint16(14, 45, true);
      // This disk and the directory's disk: 0.
      view.setBigUint64(24, BigInt(count), true);
      view.setBigUint64(32, BigInt(count), true);
      view.setBigUint64(40, BigInt(size), true);
      view.setBigUint64(48, BigInt(start), true);
      view.setUint32(56, 0x07064b50, true);
      view.setBigUint64(64, BigInt(record), true);
      view.setUint32(72, 1, true);
      at = 76;
    }
    view.setUint32(at, 0x06054b50, true);
    view.setUint16(at + 8, zip64 ? MAX_16 : count, true);
    view.setUint16(at + 10, zip64 ? MAX_16 : count, true);
    view.setUint32(at + 12, zip64 ? MAX_32 : size, true);
    view.setUint32(at + 16, zip64 ? MAX_32 : start, true);
    this.offset += tail.length;
    yield tail;
  }
}
