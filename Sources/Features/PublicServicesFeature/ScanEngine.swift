import Dispatch
import Foundation
import JSONKit
import LegalCore
import PublicServices
import Synchronization
import WorkCalendar

// The scan engine of `rasim scan` (the command keeps its options, in RasimCLI): line-aligned chunks of the
// applications file on every core, fixed-size buffers, the checks flat data allows (`FlatRecords`).

/// One scan over the applications file.
public final class Scan: Sendable {
    static let blockSize = 4 << 20
    let path: String
    let fd: Int32
    let size: Int
    let services: [FlatRecords.Service]
    let serviceIDs: [String]
    let serviceTable: ByteKeyTable
    let asOf: Instant
    let calendar: KazakhCalendar
    /// Opened (created, truncated) before the scan starts, so that an unwritable path fails at once, not after
    /// the whole file has been read.
    let findingsOut: FileHandle?
    let malformedOut: FileHandle?
    /// How many malformed rows the JSON lists (the rest are counted; `--malformed` has them all).
    public static let listedMalformed = 100
    let threads: Int
    let progress = Atomic<Int>(0)

    public init(path: String, services: [FlatRecords.Service], serviceIDs: [String], serviceTable: ByteKeyTable, asOf: Instant,
         calendar: KazakhCalendar, findingsPath: String?, malformedPath: String?, threads: Int) throws {
        self.path = path
        self.services = services; self.serviceIDs = serviceIDs; self.serviceTable = serviceTable
        self.asOf = asOf; self.calendar = calendar; self.threads = threads
        func output(_ path: String?, _ option: String) throws -> FileHandle? {
            guard let path else { return nil }
            guard FileManager.default.createFile(atPath: path, contents: nil), let h = FileHandle(forWritingAtPath: path) else {
                throw InputError("cannot write \(path): \(String(cString: strerror(errno)))", path: option)
            }
            return h
        }
        findingsOut = try output(findingsPath, "--findings")
        malformedOut = try output(malformedPath, "--malformed")
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw InputError("cannot open \(path): \(String(cString: strerror(errno)))", path: "APPLICATIONS") }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw InputError("cannot stat \(path)", path: "APPLICATIONS") }
        size = Int(st.st_size)
    }
    deinit {
        close(fd)
        try? findingsOut?.close()
        try? malformedOut?.close()
    }

    /// The byte offset just after the newline at or after `offset` (or the file size).
    func lineStart(after offset: Int) -> Int {
        guard offset > 0 else { return 0 }
        var buf = [UInt8](repeating: 0, count: 4096)
        var pos = offset - 1
        while pos < size {
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 4096, off_t(pos)) }
            guard n > 0 else { return size }
            if let i = buf[0..<n].firstIndex(of: 10) { return pos + i + 1 }
            pos += n
        }
        return size
    }

    public struct Report {
        public var json: String
        public var malformedRows: Int
        public var firstMalformedLine: Int?
    }

    public func run() throws -> Report {
        // The header line.
        let headerEnd = lineStart(after: 1)
        var head = [UInt8](repeating: 0, count: min(headerEnd, 4096))
        _ = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        // The line end's bytes go before decoding: "\r\n" decodes to one Character, which neither "\n" nor "\r" matches.
        while let last = head.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { head.removeLast() }
        var header = String(decoding: head, as: UTF8.self)
        if header.hasPrefix("\u{FEFF}") { header.removeFirst() }
        guard header == ScanCSV.applicationsHeader else {
            throw InputError("the header must be exactly \(ScanCSV.applicationsHeader)", path: "\(path):1")
        }
        // Line-aligned chunks, one per worker.
        var bounds = [headerEnd]
        for t in 1..<threads { bounds.append(max(bounds.last!, lineStart(after: headerEnd + (size - headerEnd) * t / threads))) }
        bounds.append(size)
        let workers = (0..<threads).map { ScanWorker(index: $0, scan: self, from: bounds[$0], to: bounds[$0 + 1]) }
        // One thread of our own per worker, all started now. Not `DispatchQueue.global()`: on Linux its pool
        // starts with fewer threads than cores and adds one only when it sees the others busy for a while —
        // profiling showed the second worker starting a second after the first.
        let group = DispatchGroup()
        for w in workers {
            group.enter()
            let thread = Thread { w.run(); group.leave() }
            thread.stackSize = 1 << 20
            thread.start()
        }
        let tty = isatty(2) == 1
        while group.wait(timeout: .now() + 0.25) == .timedOut {
            if tty {
                let done = progress.load(ordering: .relaxed)
                let pct = size > 0 ? done * 100 / size : 100
                FileHandle.standardError.write(Data("\rscan: \(pct)% (\(done >> 20) of \(size >> 20) MiB)".utf8))
            }
        }
        if tty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if let e = workers.compactMap(\.fatal).first { throw e }
        return try merge(workers)
    }

    func merge(_ workers: [ScanWorker]) throws -> Report {
        let codes = FlatRecords.codes
        var byCode = [Int](repeating: 0, count: codes.count)
        var byService = [[Int]](repeating: [Int](repeating: 0, count: codes.count + 1), count: services.count)
        var byProvider: [String: [Int]] = [:]
        var rows = 0, valid = 0, malformedCount = 0
        var malformed: [(Int, String)] = []
        try findingsOut?.write(contentsOf: Data("app_id,service_id,provider_id,code,severity,due,actual,late_working_days,citation\n".utf8))
        try malformedOut?.write(contentsOf: Data("line,message\n".utf8))
        var linesBefore = 1 // the header
        for w in workers {
            rows += w.lines
            valid += w.valid
            malformedCount += w.malformedCount
            for (local, message) in w.malformed where malformed.count < Scan.listedMalformed { malformed.append((linesBefore + local, message)) }
            if let out = malformedOut, let tmp = w.malformedFile {
                // The worker numbered its lines from its own start: add the lines before it.
                let offset = linesBefore
                try Scan.copy(tmp, to: out) { chunk in
                    var lines = chunk.split(separator: 10, omittingEmptySubsequences: false)
                    if lines.last?.isEmpty == true { lines.removeLast() }
                    var shifted: [UInt8] = []
                    for line in lines {
                        let comma = line.firstIndex(of: 44) ?? line.endIndex
                        let local = Int(String(decoding: line[line.startIndex..<comma], as: UTF8.self)) ?? 0
                        shifted += Array(String(offset + local).utf8); shifted += line[comma...]; shifted.append(10)
                    }
                    return shifted
                }
            }
            linesBefore += w.lines
            for c in 0..<codes.count { byCode[c] += w.byCode[c] }
            for s in 0..<services.count { for c in 0...codes.count { byService[s][c] += w.byService[s * (codes.count + 1) + c] } }
            for p in 0..<w.providers.count {
                let key = w.providers.key(p)
                var acc = byProvider[key] ?? [Int](repeating: 0, count: codes.count + 1)
                for c in 0...codes.count { acc[c] += w.byProvider[p * (codes.count + 1) + c] }
                byProvider[key] = acc
            }
        }
        if let out = findingsOut {
            for w in workers { if let tmp = w.findingsFile { try Scan.copy(tmp, to: out) { Array($0) } } }
        }
        func counts(_ a: [Int]) -> String {
            var pairs = [("applications", String(a[codes.count])), ("findings", String(a[0..<codes.count].reduce(0, +)))]
            for (i, c) in codes.enumerated() { pairs.append((c.rawValue, String(a[i]))) }
            return JSONText.object(pairs)
        }
        let zone = services.first?.zone
        let json = JSONText.object([
            ("asOf", JSONText.string(asOf.iso(offsetSeconds: zone?.offset(asOf.secondsSinceEpoch) ?? 18_000))),
            ("rows", String(rows)),
            ("applications", String(valid)),
            ("malformedRows", String(malformedCount)),
            ("malformed", JSONText.array(malformed.map { JSONText.object([("line", String($0.0)), ("message", JSONText.string($0.1))]) })),
            ("malformedNotListed", String(malformedCount - malformed.count)),
            ("findings", String(byCode.reduce(0, +))),
            ("byCode", JSONText.object(codes.enumerated().map { ($0.element.rawValue, String(byCode[$0.offset])) })),
            ("citations", JSONText.object(codes.map { ($0.rawValue, JSONText.array($0.citations.map { JSONText.string($0.description) })) })),
            ("byProvider", JSONText.object(byProvider.sorted { $0.key < $1.key }.map { ($0.key, counts($0.value)) })),
            ("byService", JSONText.object(serviceIDs.enumerated().sorted { $0.element < $1.element }.map { ($0.element, counts(byService[$0.offset])) })),
        ])
        return Report(json: json, malformedRows: malformedCount, firstMalformedLine: malformed.first?.0)
    }

    /// Appends a worker's temporary file to `out`, chunk by chunk (whole lines: a chunk ends at a newline),
    /// through `transform`, then removes it.
    static func copy(_ tmp: String, to out: FileHandle, _ transform: (ArraySlice<UInt8>) -> [UInt8]) throws {
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        guard let h = FileHandle(forReadingAtPath: tmp) else {
            throw InputError("cannot read the temporary file \(tmp)", path: tmp)
        }
        defer { try? h.close() }
        var carry: [UInt8] = []
        while true {
            let chunk = try h.read(upToCount: 1 << 22) ?? Data()
            carry += chunk
            let end = chunk.isEmpty ? carry.count : (carry.lastIndex(of: 10).map { $0 + 1 } ?? 0)
            if end > 0 {
                try out.write(contentsOf: transform(carry[0..<end]))
                carry.removeFirst(end)
            }
            if chunk.isEmpty { break }
        }
    }
}

/// One worker: reads its byte range block by block, judges each line, tallies locally.
///
/// The hot loop is shaped by profiling (perf, 1 M and 10 M rows, one thread). Per row, `RowJudge.fastRow`
/// makes one pass over the line's bytes: the id fields are found 8 bytes at a time, the enumerated fields
/// (channel, result, flags) are matched as whole words, the three instants are parsed in place; then two id
/// look-ups in `ByteKeyTable` (one 64-bit word each for short ids), `FlatRecords.codes` over the calendar's
/// tables as plain pointers, and a few counter increments in raw memory. Nothing in it allocates, builds a
/// `String` or touches a reference count. Any row the fast path does not fully understand — quotes, another
/// instant form or spelling, a bad value, a date outside the calendar — goes to the general path
/// (`RowJudge.generalRow`), which is the original, simpler code and writes the error messages; so the fast
/// path can only make a row faster, never judge it differently. What is left (2026-11-22): about a third
/// of the time in field finding and instant parsing, a fifth in cache misses on the provider and service
/// tables and counters, a tenth in the kernel copying the file (`pread`), and `FlatRecords.codes`.
final class ScanWorker: @unchecked Sendable {
    let index: Int
    let scan: Scan
    let from: Int, to: Int
    var lines = 0, valid = 0, malformedCount = 0
    var malformed: [(Int, String)] = []
    var byCode: [Int] = []
    var byService: [Int] = []
    var providers = ByteKeyTable(capacity: 8192)
    var byProvider: [Int] = []
    var fatal: InputError?
    var findingsFile: String?
    var malformedFile: String?

    init(index: Int, scan: Scan, from: Int, to: Int) {
        self.index = index; self.scan = scan; self.from = from; self.to = to
    }

    func run() {
        /// A temporary file of this worker's part of an output; the merge appends the parts in file order.
        func part(_ wanted: Bool, _ name: String) -> (String, FileHandle)? {
            guard wanted else { return nil }
            let tmp = NSTemporaryDirectory() + "/rasim-scan-\(getpid())-\(index)-\(name).csv"
            guard FileManager.default.createFile(atPath: tmp, contents: nil), let h = FileHandle(forWritingAtPath: tmp) else {
                fatal = InputError("cannot write the temporary file \(tmp)", path: tmp)
                return nil
            }
            return (tmp, h)
        }
        let findingsPart = part(scan.findingsOut != nil, "findings"), malformedPart = part(scan.malformedOut != nil, "malformed")
        guard fatal == nil else { return }
        findingsFile = findingsPart?.0; malformedFile = malformedPart?.0
        let outHandle = findingsPart?.1
        let services = scan.services
        // The calendar's tables as plain pointers for the whole range (valid inside this closure only).
        scan.calendar.withWorkingDayTables { tables in
            services.withUnsafeBufferPointer { svc in
                var judge = RowJudge(calendar: scan.calendar, tables: tables, services: svc, serviceTable: scan.serviceTable,
                                     asOf: scan.asOf.secondsSinceEpoch, out: outHandle, malformedOut: malformedPart?.1)
                defer { judge.release() }
                readLines(into: &judge)
                judge.flush(force: true)
                lines = judge.lines; valid = judge.valid; malformedCount = judge.malformedCount; malformed = judge.malformed
                byCode = Array(UnsafeBufferPointer(start: judge.byCode, count: RowJudge.width - 1))
                byService = Array(UnsafeBufferPointer(start: judge.byService, count: services.count * RowJudge.width))
                providers = judge.providers
                byProvider = Array(UnsafeBufferPointer(start: judge.byProvider, count: judge.providers.count * RowJudge.width))
            }
        }
        try? outHandle?.close()
        try? malformedPart?.1.close()
    }

    /// Reads the range in blocks of `Scan.blockSize` and hands every line (without its newline) to the judge.
    private func readLines(into judge: inout RowJudge) {
        // `RowJudge.padding` spare bytes after the block, so that short look-aheads past a line's end stay in
        // memory we own (the fast path checks lengths, but never has to special-case the block's end).
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: Scan.blockSize + RowJudge.padding, alignment: 16)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: Scan.blockSize + RowJudge.padding)
        let bytes = buffer.assumingMemoryBound(to: UInt8.self)
        var pos = from
        var carry = 0 // bytes of an unfinished line at the start of the buffer
        while pos < to || carry > 0 {
            let want = min(Scan.blockSize - carry, to - pos)
            var n = 0
            if want > 0 {
                n = pread(scan.fd, buffer + carry, want, off_t(pos))
                if n < 0 { fatal = InputError("read error in \(scan.path)", path: "APPLICATIONS"); return }
                pos += n
            }
            let filled = carry + n
            let atEnd = pos >= to
            // A newline just past the data: the fast path's scans stop there at the latest.
            bytes[filled] = 10
            let limit = UnsafePointer(bytes + filled)
            var start = 0
            while start < filled {
                // Most rows: the fast path finds the line's end itself.
                if let next = judge.fastRow(UnsafePointer(bytes + start), limit: limit, atEnd: atEnd) {
                    start = min(UnsafePointer(bytes).distance(to: next), filled)
                    continue
                }
                guard let nl = memchr(bytes + start, 10, filled - start) else { break }
                let end = buffer.distance(to: nl)
                judge.handle(UnsafeBufferPointer(start: bytes + start, count: end - start))
                start = end + 1
            }
            if atEnd && start < filled {
                judge.handle(UnsafeBufferPointer(start: bytes + start, count: filled - start))
                start = filled
            }
            if start == 0 && filled == Scan.blockSize {
                // A line longer than the buffer: report it and skip to its end.
                judge.lines += 1
                judge.bad("line longer than \(Scan.blockSize >> 20) MiB")
                var skip = [UInt8](repeating: 0, count: 4096)
                while pos < to {
                    let m = skip.withUnsafeMutableBytes { pread(scan.fd, $0.baseAddress, min(4096, to - pos), off_t(pos)) }
                    guard m > 0 else { break }
                    if let k = skip[0..<m].firstIndex(of: 10) { pos += k + 1; break }
                    pos += m
                }
                carry = 0
                continue
            }
            carry = filled - start
            if carry > 0 { memmove(buffer, buffer + start, carry) }
            scan.progress.add(n, ordering: .relaxed)
            if atEnd && carry == 0 { break }
        }
    }
}

/// Judges rows and keeps the tallies of one worker.
struct RowJudge {
    /// Five codes (`FlatRecords.codes`), then the number of applications. A literal, not
    /// `codes.count + 1`: a computed static is a lazy global, checked on every use in the hot loop.
    static let width = 6
    /// Spare bytes after each read block (see `ScanWorker.readLines`).
    static let padding = 64
    let calendar: KazakhCalendar
    let tables: WorkingDayTables
    let services: UnsafeBufferPointer<FlatRecords.Service>
    /// The services in plain numbers for `FlatRecords.codes`; nil for a zone with more than three offsets.
    let compact: UnsafeMutablePointer<FlatRecords.CompactService?>
    let serviceTable: ByteKeyTable
    let asOf: Int64
    let out: FileHandle?
    /// Where every malformed row goes (`--malformed`), as `local line,"message"`; buffered in `malformedBuffer`.
    let malformedOut: FileHandle?
    var malformedBuffer: [UInt8] = []
    var providers = ByteKeyTable(capacity: 8192)
    var lines = 0, valid = 0, malformedCount = 0
    var malformed: [(Int, String)] = []
    let byCode: UnsafeMutablePointer<Int>
    let byService: UnsafeMutablePointer<Int>
    var byProvider: UnsafeMutablePointer<Int>
    var providerCapacity = 1024
    /// `monthStart[(y − 1970) · 12 + m − 1]`: the day number of the first of the month, 1970…2099, and the
    /// month's length in `monthDays` — a date in the fast path is two loads, not a civil-date computation.
    let monthStart: UnsafeMutablePointer<Int32>
    let monthDays: UnsafeMutablePointer<Int32>
    static let firstYear = 1970, years = 130
    let bounds = UnsafeMutablePointer<Int>.allocate(capacity: 24)
    var fields: [UnsafeBufferPointer<UInt8>] = []
    var scratch: [UInt8] = []
    var buffer: [UInt8] = []

    init(calendar: KazakhCalendar, tables: WorkingDayTables, services: UnsafeBufferPointer<FlatRecords.Service>,
         serviceTable: ByteKeyTable, asOf: Int64, out: FileHandle?, malformedOut: FileHandle?) {
        self.calendar = calendar; self.tables = tables; self.services = services
        self.serviceTable = serviceTable; self.asOf = asOf; self.out = out; self.malformedOut = malformedOut
        precondition(RowJudge.width == FlatRecords.codes.count + 1)
        compact = .allocate(capacity: max(1, services.count))
        for (i, s) in services.enumerated() { (compact + i).initialize(to: FlatRecords.CompactService(s)) }
        let serviceCount = services.count
        byCode = .allocate(capacity: RowJudge.width); byCode.initialize(repeating: 0, count: RowJudge.width)
        byService = .allocate(capacity: max(1, serviceCount) * RowJudge.width)
        byService.initialize(repeating: 0, count: max(1, serviceCount) * RowJudge.width)
        byProvider = .allocate(capacity: 1024 * RowJudge.width); byProvider.initialize(repeating: 0, count: 1024 * RowJudge.width)
        monthStart = .allocate(capacity: RowJudge.years * 12)
        monthDays = .allocate(capacity: RowJudge.years * 12)
        for k in 0..<(RowJudge.years * 12) {
            let y = RowJudge.firstYear + k / 12, m = k % 12 + 1
            monthStart[k] = LocalDate(year: y, month: m, day: 1)!.dayNumber
            monthDays[k] = Int32(LocalDate.daysInMonth(year: y, month: m))
        }
    }

    func release() {
        byCode.deallocate(); byService.deallocate(); byProvider.deallocate(); bounds.deallocate()
        compact.deinitialize(count: max(0, services.count)); compact.deallocate()
        monthStart.deallocate(); monthDays.deallocate()
    }

    mutating func bad(_ message: @autoclosure () -> String) {
        malformedCount += 1
        let listed = malformed.count < Scan.listedMalformed
        guard listed || malformedOut != nil else { return }
        let text = message()
        if listed { malformed.append((lines, text)) }
        if malformedOut != nil {
            malformedBuffer += String(lines).utf8
            malformedBuffer += ",\"".utf8
            malformedBuffer += text.replacingOccurrences(of: "\"", with: "\"\"").utf8
            malformedBuffer += "\"\n".utf8
            flush(force: false)
        }
    }

    /// One line of the file, without its newline, on the general path.
    mutating func handle(_ line: UnsafeBufferPointer<UInt8>) {
        lines += 1
        generalRow(line)
    }

    // MARK: The fast path

    /// The 8 bytes at `p` as one little-endian word. The read buffer is padded, so this may read past the line.
    @inline(__always) static func load(_ p: UnsafePointer<UInt8>) -> UInt64 { UnsafeRawPointer(p).loadUnaligned(as: UInt64.self) }
    /// The first `n` (< 8) bytes of a word.
    @inline(__always) static func prefix(_ w: UInt64, _ n: Int) -> UInt64 { w & ((1 &<< UInt64(8 &* n)) &- 1) }

    /// The values of the enumerated fields with the byte after them, as `load` reads them: a field is
    /// matched by comparing one to three words. Values longer than 8 bytes are split into words.
    struct Words {
        static func word(_ text: String) -> UInt64 {
            precondition(text.utf8.count <= 8)
            return text.utf8.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        }
        let paper = word("paper,"), electron = word("electron"), ic = word("ic,")
        let stateCo = word("state_co"), rporatio = word("rporatio"), n = word("n,")        // state_corporation,
        let issued = word("issued,"), refused = word("refused,"), pending = word("pending,")
        let refusedUnderscore = word("refused_"), incomple = word("incomple"), te = word("te,")  // refused_incomplete,
        let trueComma = word("true,"), falseComma = word("false,")
        let trueLF = word("true\n"), falseLF = word("false\n"), trueCRLF = word("true\r\n"), falseCRLF = word("false\r\n")
    }
    let words = Words()

    /// The offset from `p` of the first comma, quote or newline, 8 bytes at a time (SWAR: for each byte
    /// value, a word whose high bit marks the matching bytes; the lowest marked byte is exact). The caller
    /// guarantees a newline before the end of readable memory and 8 readable bytes past it.
    @inline(__always)
    static func stop(_ p: UnsafePointer<UInt8>) -> Int {
        @inline(__always) func marks(_ x: UInt64, _ byte: UInt64) -> UInt64 {
            let v = x ^ (byte &* 0x0101_0101_0101_0101)
            return (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080
        }
        var i = 0
        while true {
            let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            let m = marks(x, 44) | marks(x, 34) | marks(x, 10)
            if m != 0 { return i &+ (m.trailingZeroBitCount &>> 3) }
            i &+= 8
        }
    }

    /// The row starting at `p` if it is in the export's usual form — no quotes, instants as
    /// `YYYY-MM-DDTHH:MM:SS±HH:MM`, flags `true`/`false` — judged and counted in one pass over its bytes;
    /// returns the start of the next line. Returns nil, having changed nothing, for any other row (or a line
    /// that runs past `limit` before the file's end); the caller then finds the line's end and hands it to
    /// `generalRow`, which also says what is wrong with it, if anything.
    @inline(__always)
    mutating func fastRow(_ start: UnsafePointer<UInt8>, limit: UnsafePointer<UInt8>, atEnd: Bool) -> UnsafePointer<UInt8>? {
        var p = start
        // The fields up to the next comma; nil at a quote or the line's end (the general path's cases).
        let appLength = RowJudge.stop(p)
        guard appLength > 0, p[appLength] == 44 else { return nil }
        p += appLength + 1
        let serviceStart = p, serviceLength = RowJudge.stop(p)
        guard p[serviceLength] == 44 else { return nil }
        p += serviceLength + 1
        let providerStart = p, providerLength = RowJudge.stop(p)
        guard providerLength > 0, p[providerLength] == 44 else { return nil }
        p += providerLength + 1
        // Enumerated fields are matched whole, comma included, as 8-byte words (`Words`): no scan, no loop.
        let channel: Channel
        var w = RowJudge.load(p)
        if RowJudge.prefix(w, 6) == words.paper { channel = .paper; p += 6 }
        else if w == words.electron && RowJudge.prefix(RowJudge.load(p + 8), 3) == words.ic { channel = .electronic; p += 11 }
        else if w == words.stateCo && RowJudge.load(p + 8) == words.rporatio && RowJudge.prefix(RowJudge.load(p + 16), 2) == words.n {
            channel = .stateCorporation; p += 18
        } else { return nil }
        // Instants: 25 bytes and a comma; registered_at and decided_at may be empty.
        guard p[25] == 44, let submitted = instant(p) else { return nil }
        p += 26
        var registered: Int64? = nil
        if p[0] == 44 { p += 1 } else {
            guard p[25] == 44, let t = instant(p) else { return nil }
            registered = t; p += 26
        }
        var decided: Int64? = nil
        if p[0] == 44 { p += 1 } else {
            guard p[25] == 44, let t = instant(p) else { return nil }
            decided = t; p += 26
        }
        let result: FlatRecords.Result
        w = RowJudge.load(p)
        if RowJudge.prefix(w, 7) == words.issued { result = .issued; p += 7 }
        else if w == words.refused { result = .refused; p += 8 }
        else if w == words.pending { result = .pending; p += 8 }
        else if w == words.refusedUnderscore && RowJudge.load(p + 8) == words.incomple && RowJudge.prefix(RowJudge.load(p + 16), 3) == words.te {
            result = .refusedIncomplete; p += 19
        } else { return nil }
        let reasons: Bool
        w = RowJudge.load(p)
        if RowJudge.prefix(w, 5) == words.trueComma { reasons = true; p += 5 }
        else if RowJudge.prefix(w, 6) == words.falseComma { reasons = false; p += 6 }
        else { return nil }
        // The last field ends the line (LF or CRLF): at a newline before `limit`, or at `limit` at the file's end.
        let hearing: Bool
        let lineEnd: UnsafePointer<UInt8>
        w = RowJudge.load(p)
        if RowJudge.prefix(w, 5) == words.trueLF { hearing = true; lineEnd = p + 4 }
        else if RowJudge.prefix(w, 6) == words.falseLF { hearing = false; lineEnd = p + 5 }
        else if RowJudge.prefix(w, 6) == words.trueCRLF { hearing = true; lineEnd = p + 5 }
        else if RowJudge.prefix(w, 7) == words.falseCRLF { hearing = false; lineEnd = p + 6 }
        else { return nil }
        guard lineEnd < limit || atEnd else { return nil }
        guard (result == .pending) == (decided == nil) else { return nil }   // the general path names the problem

        // The service: one packed word for a short id (`ByteKeyTable`); the read buffer is padded.
        let serviceKey = UnsafeBufferPointer(start: serviceStart, count: serviceLength)
        let providerKey = UnsafeBufferPointer(start: providerStart, count: providerLength)
        guard let s = serviceTable.index(of: serviceKey, word: ByteKeyTable.word(at: serviceStart, length: serviceLength)),
              let compact = compact[s] else { return nil }
        let row = FlatRecords.Row(channel: channel, submitted: submitted, registered: registered, decided: decided,
                                  result: result, reasonsGiven: reasons, hearingHeld: hearing)
        guard let codes = FlatRecords.codes(row, compact, asOf: asOf, days: tables) else { return nil }

        lines += 1
        tally(codes, service: s, provider: providerKey, word: ByteKeyTable.word(at: providerStart, length: providerLength))
        if out != nil && !codes.isEmpty {
            recordFull(row, s, UnsafeBufferPointer(start: start, count: appLength), serviceKey, providerKey)
        }
        return lineEnd + 1
    }

    /// `YYYY-MM-DDTHH:MM:SS±HH:MM` at `u` (25 bytes, checked by the caller) as UTC seconds, or nil when the
    /// bytes are anything else or the year is outside 1970…2099 (`Instant.parse` then decides). The same
    /// value and the same checks as `Instant.parse` for this form.
    @inline(__always)
    func instant(_ u: UnsafePointer<UInt8>) -> Int64? {
        @inline(__always) func d(_ i: Int) -> Int { Int(u[i]) &- 48 }
        let t = u[10]
        guard u[4] == 45, u[7] == 45, t == 84 || t == 32 || t == 116, u[13] == 58, u[16] == 58,
              u[19] == 43 || u[19] == 45, u[22] == 58 else { return nil }
        let y0 = d(0), y1 = d(1), y2 = d(2), y3 = d(3), m0 = d(5), m1 = d(6), d0 = d(8), d1 = d(9)
        let h0 = d(11), h1 = d(12), i0 = d(14), i1 = d(15), s0 = d(17), s1 = d(18)
        let o0 = d(20), o1 = d(21), p0 = d(23), p1 = d(24)
        // Every digit position at once: for a digit x (0…9) both x and 9 − x are ≥ 0, so their bitwise or is;
        // for any other byte one of them is negative, and so is the or of all of them.
        @inline(__always) func sign(_ x: Int) -> Int { x | (9 &- x) }
        let all = sign(y0) | sign(y1) | sign(y2) | sign(y3) | sign(m0) | sign(m1) | sign(d0) | sign(d1)
            | sign(h0) | sign(h1) | sign(i0) | sign(i1) | sign(s0) | sign(s1) | sign(o0) | sign(o1) | sign(p0) | sign(p1)
        guard all >= 0 else { return nil }
        let y = y0 * 1000 + y1 * 100 + y2 * 10 + y3, m = m0 * 10 + m1, day = d0 * 10 + d1
        let hh = h0 * 10 + h1, mi = i0 * 10 + i1, ss = s0 * 10 + s1, oh = o0 * 10 + o1, om = p0 * 10 + p1
        let k = (y - RowJudge.firstYear) * 12 + m - 1
        guard m >= 1, m <= 12, k >= 0, k < RowJudge.years * 12, day >= 1, day <= Int(monthDays[k]),
              hh < 24, mi < 60, ss < 60, oh <= 14, om < 60 else { return nil }
        let offset = (oh * 3600 + om * 60) * (u[19] == 45 ? -1 : 1)
        return (Int64(monthStart[k]) + Int64(day - 1)) * 86_400 + Int64(hh * 3600 + mi * 60 + ss - offset)
    }

    /// Counts a judged row: one application for its service and provider, and each code it shows.
    @inline(__always)
    mutating func tally(_ codes: FlatRecords.CodeSet, service s: Int, provider key: UnsafeBufferPointer<UInt8>, word: UInt64) {
        valid += 1
        let w = RowJudge.width
        let p = providers.insert(key, word: word)
        if p >= providerCapacity { growProviders() }
        byProvider[p * w + w - 1] += 1
        byService[s * w + w - 1] += 1
        var bits = codes.rawValue
        while bits != 0 {                               // usually zero or one bit
            let c = bits.trailingZeroBitCount
            byCode[c] += 1; byProvider[p * w + c] += 1; byService[s * w + c] += 1
            bits &= bits - 1
        }
    }

    @inline(never)
    mutating func growProviders() {
        let w = RowJudge.width
        let grown = UnsafeMutablePointer<Int>.allocate(capacity: providerCapacity * 2 * w)
        grown.initialize(repeating: 0, count: providerCapacity * 2 * w)
        grown.update(from: byProvider, count: providerCapacity * w)
        byProvider.deallocate()
        byProvider = grown
        providerCapacity *= 2
    }

    /// `--findings`: the lines of a row with findings, with due days and lateness from `FlatRecords.judge`.
    @inline(never)
    mutating func recordFull(_ row: FlatRecords.Row, _ s: Int, _ app: UnsafeBufferPointer<UInt8>,
                             _ service: UnsafeBufferPointer<UInt8>, _ provider: UnsafeBufferPointer<UInt8>) {
        guard let outcome = try? FlatRecords.judge(row, services[s], asOf: asOf, calendar: calendar) else { return }
        record(outcome, [app, service, provider])
    }

    // MARK: The general path

    /// Any row: split (quotes allowed), every field checked with a message naming it, judged by
    /// `FlatRecords.judge` (which names a calendar error). The fast path's fallback.
    @inline(never)
    mutating func generalRow(_ raw: UnsafeBufferPointer<UInt8>) {
        var line = raw
        if let last = line.last, last == 13 { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
        if line.isEmpty { bad("empty line"); return }
        var fieldCount = splitFast(line)
        if fieldCount < 0 {
            guard ScanCSV.split(line, into: &fields, scratch: &scratch) else { bad("unterminated quoted field"); return }
            fieldCount = fields.count
        } else {
            fields.removeAll(keepingCapacity: true)
            if fieldCount == 10 {
                for k in 0..<10 { fields.append(UnsafeBufferPointer(rebasing: line[bounds[2 * k]..<bounds[2 * k + 1]])) }
            }
        }
        guard fieldCount == 10 else { bad("expected 10 fields, got \(fieldCount)"); return }
        let f = fields
        guard !f[0].isEmpty else { bad("app_id is empty"); return }
        guard let s = serviceTable.index(of: f[1]) else { bad("unknown service_id \"\(ScanCSV.text(f[1]))\""); return }
        guard !f[2].isEmpty else { bad("provider_id is empty"); return }
        guard let channel = ScanCSV.channel(f[3]) else { bad("channel \"\(ScanCSV.text(f[3]))\" is not electronic, paper or state_corporation"); return }
        guard let submitted = generalInstant(f[4]) else { bad("submitted_at \"\(ScanCSV.text(f[4]))\" is not an ISO 8601 instant with an offset"); return }
        var registered: Int64? = nil
        if !f[5].isEmpty {
            guard let r = generalInstant(f[5]) else { bad("registered_at \"\(ScanCSV.text(f[5]))\" is not an ISO 8601 instant with an offset"); return }
            registered = r
        }
        var decided: Int64? = nil
        if !f[6].isEmpty {
            guard let d = generalInstant(f[6]) else { bad("decided_at \"\(ScanCSV.text(f[6]))\" is not an ISO 8601 instant with an offset"); return }
            decided = d
        }
        guard let result = ScanCSV.result(f[7]) else { bad("result \"\(ScanCSV.text(f[7]))\" is not issued, refused, refused_incomplete or pending"); return }
        if result == .pending, decided != nil { bad("result pending with a decided_at"); return }
        if result != .pending, decided == nil { bad("result \(result.name) without decided_at"); return }
        guard let reasons = ScanCSV.flag(f[8]) else { bad("reasons_given \"\(ScanCSV.text(f[8]))\" is not true or false"); return }
        guard let hearing = ScanCSV.flag(f[9]) else { bad("hearing_held \"\(ScanCSV.text(f[9]))\" is not true or false"); return }
        let row = FlatRecords.Row(channel: channel, submitted: submitted, registered: registered, decided: decided,
                                  result: result, reasonsGiven: reasons, hearingHeld: hearing)
        let outcome: FlatRecords.Outcome
        do { outcome = try FlatRecords.judge(row, services[s], asOf: asOf, calendar: calendar) }
        catch { bad("\(error.field.rawValue): \(error.error.description)"); return }
        let codes = FlatRecords.CodeSet(outcome)
        tally(codes, service: s, provider: f[2], word: ByteKeyTable.word(f[2]))
        if out != nil && !codes.isEmpty { record(outcome, f) }
    }

    /// Splits on commas into `bounds` (start, end pairs) in one pass; -1 when the line has a quote.
    func splitFast(_ line: UnsafeBufferPointer<UInt8>) -> Int {
        guard let p = line.baseAddress else { bounds[0] = 0; bounds[1] = 0; return 1 }
        var count = 0, start = 0, i = 0
        let n = line.count
        while i < n {
            let c = p[i]
            if c == 44 {
                if count < 11 { bounds[2 * count] = start; bounds[2 * count + 1] = i }
                count += 1
                start = i + 1
            } else if c == 34 {
                return -1
            }
            i += 1
        }
        if count < 11 { bounds[2 * count] = start; bounds[2 * count + 1] = n }
        return count + 1
    }

    /// An instant in any form `Instant.parse` accepts.
    func generalInstant(_ u: UnsafeBufferPointer<UInt8>) -> Int64? {
        if u.count == 25, let base = u.baseAddress, let t = instant(base) { return t }
        return Instant.parse(u)?.secondsSinceEpoch
    }

    // MARK: Findings file

    mutating func record(_ outcome: FlatRecords.Outcome, _ fields: [UnsafeBufferPointer<UInt8>]) {
        if let l = outcome.lateRegistration { record(0, l, fields) }
        if let l = outcome.refusalTermBreach { record(1, l, fields) }
        if outcome.refusalWithoutHearing { record(2, nil, fields) }
        if outcome.refusalWithoutReasons { record(3, nil, fields) }
        if let l = outcome.termBreach { record(4, l, fields) }
    }

    mutating func record(_ c: Int, _ l: FlatRecords.Lateness?, _ fields: [UnsafeBufferPointer<UInt8>]) {
        let code = FlatRecords.codes[c]
        func field(_ b: UnsafeBufferPointer<UInt8>) {
            if b.contains(44) || b.contains(34) {
                buffer.append(34)
                for ch in b { if ch == 34 { buffer.append(34) }; buffer.append(ch) }
                buffer.append(34)
            } else { buffer.append(contentsOf: b) }
        }
        field(fields[0]); buffer.append(44); field(fields[1]); buffer.append(44); field(fields[2]); buffer.append(44)
        buffer.append(contentsOf: code.rawValue.utf8); buffer.append(44)
        buffer.append(contentsOf: code.severity.rawValue.utf8); buffer.append(44)
        if let l { buffer.append(contentsOf: l.due.description.utf8) }
        buffer.append(44)
        if let a = l?.actual { buffer.append(contentsOf: a.description.utf8) }
        buffer.append(44)
        if let l { buffer.append(contentsOf: String(l.late).utf8) }
        buffer.append(44)
        buffer.append(34); buffer.append(contentsOf: code.citations.map(\.description).joined(separator: "; ").utf8); buffer.append(34)
        buffer.append(10)
        flush(force: false)
    }

    /// Writes out the findings and malformed-row buffers once they are big enough (or anything left, when forced).
    mutating func flush(force: Bool) {
        func drain(_ bytes: inout [UInt8], to handle: FileHandle?, atLeast: Int) {
            guard let handle, bytes.count >= (force ? 1 : atLeast) else { return }
            handle.write(Data(bytes))
            bytes.removeAll(keepingCapacity: true)
        }
        drain(&buffer, to: out, atLeast: 1 << 20)
        drain(&malformedBuffer, to: malformedOut, atLeast: 1 << 16)
    }
}
