import ArgumentParser
import Dispatch
import Foundation
import InputFormats
import LegalCore
import PublicServices
import Synchronization
import WorkCalendar

/// `rasim scan APPS.csv --services SERVICES.csv`: the audit an inspector runs over a whole country's
/// monitoring export. Streams the file in line-aligned chunks on every core with fixed-size buffers
/// (memory does not grow with the file), applies the checks flat data allows with the semantics of
/// `rasim check` (`FlatRecords`), and prints JSON totals per code, provider and service.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Audit a monitoring-system export (CSV, one row per application): totals per finding code, provider and service (JSON).",
        discussion: """
        Applications header: \(ScanCSV.applicationsHeader)
        Services header:     \(ScanCSV.servicesHeader)
        Malformed rows are counted and reported with their line numbers; only a wrong header stops the scan.
        """)
    @Argument(help: "The applications CSV.") var applications: String
    @Option(help: "The services CSV.") var services: String
    @Option(name: .customLong("as-of"), help: "The moment of judgement (ISO 8601 with offset); default: now.") var asOf: String?
    @Option(help: "Also write one CSV line per finding to this file.") var findings: String?
    @Option(help: "Worker threads (default: the number of cores).") var threads: Int?
    @OptionGroup var options: CalendarOptions

    func run() throws {
        let cal = try options.load()
        let asOfInstant: Instant
        if let asOf {
            guard let t = Instant(iso: asOf) else {
                throw CLIError(code: "invalid_input", message: "--as-of: \"\(asOf)\" is not an ISO 8601 instant with an offset", path: "--as-of")
            }
            asOfInstant = t
        } else {
            asOfInstant = Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970))
        }
        let serviceData = try InputFile.read(services)
        let parsed: Result<[(id: String, service: FlatRecords.Service)], InputError> = serviceData.withUnsafeBytes { b in
            Result { () throws(InputError) in try ScanCSV.services(b, file: services, asOf: asOfInstant, calendar: cal) }
        }
        let serviceRows: [(id: String, service: FlatRecords.Service)]
        switch parsed {
        case .success(let rows): serviceRows = rows
        case .failure(let error): throw CLIError(code: error.code, message: error.message, path: error.path)
        }
        var table = ByteKeyTable(capacity: serviceRows.count)
        for (id, _) in serviceRows { var s = id; _ = s.withUTF8 { table.insert($0) } }
        let scan = try Scan(path: applications, services: serviceRows.map(\.service), serviceIDs: serviceRows.map(\.id),
                            serviceTable: table, asOf: asOfInstant, calendar: cal, findingsPath: findings,
                            threads: max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, 64)))
        let result = try scan.run()
        writeOut(result)
    }
}

/// One scan over the applications file.
final class Scan: Sendable {
    static let blockSize = 4 << 20
    let path: String
    let fd: Int32
    let size: Int
    let services: [FlatRecords.Service]
    let serviceIDs: [String]
    let serviceTable: ByteKeyTable
    let asOf: Instant
    let calendar: KazakhCalendar
    let findingsPath: String?
    let threads: Int
    let progress = Atomic<Int>(0)

    init(path: String, services: [FlatRecords.Service], serviceIDs: [String], serviceTable: ByteKeyTable, asOf: Instant,
         calendar: KazakhCalendar, findingsPath: String?, threads: Int) throws {
        self.path = path
        self.services = services; self.serviceIDs = serviceIDs; self.serviceTable = serviceTable
        self.asOf = asOf; self.calendar = calendar; self.findingsPath = findingsPath; self.threads = threads
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw CLIError(code: "invalid_input", message: "cannot open \(path): \(String(cString: strerror(errno)))", path: "APPLICATIONS") }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw CLIError(code: "invalid_input", message: "cannot stat \(path)", path: "APPLICATIONS") }
        size = Int(st.st_size)
    }
    deinit { close(fd) }

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

    func run() throws -> String {
        // The header line.
        let headerEnd = lineStart(after: 1)
        var head = [UInt8](repeating: 0, count: min(headerEnd, 4096))
        _ = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        var header = String(decoding: head, as: UTF8.self)
        while header.hasSuffix("\n") || header.hasSuffix("\r") { header.removeLast() }
        if header.hasPrefix("\u{FEFF}") { header.removeFirst() }
        guard header == ScanCSV.applicationsHeader else {
            throw CLIError(code: "invalid_input", message: "the header must be exactly \(ScanCSV.applicationsHeader)", path: "\(path):1")
        }
        // Line-aligned chunks, one per worker.
        var bounds = [headerEnd]
        for t in 1..<threads { bounds.append(max(bounds.last!, lineStart(after: headerEnd + (size - headerEnd) * t / threads))) }
        bounds.append(size)
        let workers = (0..<threads).map { ScanWorker(index: $0, scan: self, from: bounds[$0], to: bounds[$0 + 1]) }
        let group = DispatchGroup()
        for w in workers { DispatchQueue.global().async(group: group) { w.run() } }
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

    func merge(_ workers: [ScanWorker]) throws -> String {
        let codes = FlatRecords.codes
        var byCode = [Int](repeating: 0, count: codes.count)
        var byService = [[Int]](repeating: [Int](repeating: 0, count: codes.count + 1), count: services.count)
        var byProvider: [String: [Int]] = [:]
        var rows = 0, valid = 0, malformedCount = 0
        var malformed: [(Int, String)] = []
        var linesBefore = 1 // the header
        for w in workers {
            rows += w.lines
            valid += w.valid
            malformedCount += w.malformedCount
            for (local, message) in w.malformed where malformed.count < 100 { malformed.append((linesBefore + local, message)) }
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
        if let findingsPath {
            guard FileManager.default.createFile(atPath: findingsPath, contents: nil), let out = FileHandle(forWritingAtPath: findingsPath) else {
                throw CLIError(code: "invalid_input", message: "cannot write \(findingsPath)", path: "--findings")
            }
            out.write(Data("app_id,service_id,provider_id,code,severity,due,actual,late_working_days,citation\n".utf8))
            for w in workers {
                guard let tmp = w.findingsFile else { continue }
                if let h = FileHandle(forReadingAtPath: tmp) {
                    while let chunk = try? h.read(upToCount: 1 << 22), !chunk.isEmpty { out.write(chunk) }
                    try? h.close()
                }
                try? FileManager.default.removeItem(atPath: tmp)
            }
            try? out.close()
        }
        func counts(_ a: [Int]) -> String {
            var pairs = [("applications", String(a[codes.count])), ("findings", String(a[0..<codes.count].reduce(0, +)))]
            for (i, c) in codes.enumerated() { pairs.append((c.rawValue, String(a[i]))) }
            return JSONText.object(pairs)
        }
        let zone = services.first?.zone
        return JSONText.object([
            ("asOf", JSONText.string(asOf.iso(offsetSeconds: zone?.offset(asOf.secondsSinceEpoch) ?? 18_000))),
            ("rows", String(rows)),
            ("applications", String(valid)),
            ("malformedRows", String(malformedCount)),
            ("malformed", JSONText.array(malformed.map { JSONText.object([("line", String($0.0)), ("message", JSONText.string($0.1))]) })),
            ("findings", String(byCode.reduce(0, +))),
            ("byCode", JSONText.object(codes.enumerated().map { ($0.element.rawValue, String(byCode[$0.offset])) })),
            ("citations", JSONText.object(codes.map { ($0.rawValue, JSONText.array($0.citations.map { JSONText.string($0.description) })) })),
            ("byProvider", JSONText.object(byProvider.sorted { $0.key < $1.key }.map { ($0.key, counts($0.value)) })),
            ("byService", JSONText.object(serviceIDs.enumerated().sorted { $0.element < $1.element }.map { ($0.element, counts(byService[$0.offset])) })),
        ])
    }
}

/// One worker: reads its byte range block by block, judges each line, tallies locally.
///
/// The hot loop is shaped by profiling (10 M rows): fields are split in one pass into fixed slots (no
/// array per row), the calendar and services are held by the row judge for the whole range (no reference
/// counting per row), counters are raw memory, and instants in the export's fixed form are parsed with
/// the day of the last date cached.
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
    var fatal: CLIError?
    var findingsFile: String?

    init(index: Int, scan: Scan, from: Int, to: Int) {
        self.index = index; self.scan = scan; self.from = from; self.to = to
    }

    func run() {
        var outHandle: FileHandle? = nil
        if scan.findingsPath != nil {
            let tmp = NSTemporaryDirectory() + "/rasim-scan-\(getpid())-\(index).csv"
            FileManager.default.createFile(atPath: tmp, contents: nil)
            findingsFile = tmp
            outHandle = FileHandle(forWritingAtPath: tmp)
        }
        let services = scan.services
        var judge = RowJudge(calendar: scan.calendar, serviceTable: scan.serviceTable, asOf: scan.asOf.secondsSinceEpoch,
                             serviceCount: services.count, out: outHandle)
        defer { judge.release() }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: Scan.blockSize, alignment: 16)
        defer { buffer.deallocate() }
        let bytes = buffer.assumingMemoryBound(to: UInt8.self)
        services.withUnsafeBufferPointer { svc in
            var pos = from
            var carry = 0 // bytes of an unfinished line at the start of the buffer
            while pos < to || carry > 0 {
                let want = min(Scan.blockSize - carry, to - pos)
                var n = 0
                if want > 0 {
                    n = pread(scan.fd, buffer + carry, want, off_t(pos))
                    if n < 0 { fatal = CLIError(code: "invalid_input", message: "read error in \(scan.path)", path: "APPLICATIONS"); return }
                    pos += n
                }
                let filled = carry + n
                let atEnd = pos >= to
                var start = 0
                while start < filled {
                    guard let nl = memchr(bytes + start, 10, filled - start) else { break }
                    let end = buffer.distance(to: nl)
                    judge.handle(UnsafeBufferPointer(start: bytes + start, count: end - start), services: svc)
                    start = end + 1
                }
                if atEnd && start < filled {
                    judge.handle(UnsafeBufferPointer(start: bytes + start, count: filled - start), services: svc)
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
        judge.flush(force: true)
        try? outHandle?.close()
        lines = judge.lines; valid = judge.valid; malformedCount = judge.malformedCount; malformed = judge.malformed
        byCode = Array(UnsafeBufferPointer(start: judge.byCode, count: RowJudge.width - 1))
        byService = Array(UnsafeBufferPointer(start: judge.byService, count: services.count * RowJudge.width))
        providers = judge.providers
        byProvider = Array(UnsafeBufferPointer(start: judge.byProvider, count: judge.providers.count * RowJudge.width))
    }
}

/// Judges rows and keeps the tallies of one worker.
struct RowJudge {
    static let width = FlatRecords.codes.count + 1   // five codes, then the number of applications
    let calendar: KazakhCalendar
    let serviceTable: ByteKeyTable
    let asOf: Int64
    let out: FileHandle?
    var providers = ByteKeyTable(capacity: 8192)
    var lines = 0, valid = 0, malformedCount = 0
    var malformed: [(Int, String)] = []
    let byCode: UnsafeMutablePointer<Int>
    let byService: UnsafeMutablePointer<Int>
    var byProvider: UnsafeMutablePointer<Int>
    var providerCapacity = 1024
    let bounds = UnsafeMutablePointer<Int>.allocate(capacity: 24)
    var fields: [UnsafeBufferPointer<UInt8>] = []
    var scratch: [UInt8] = []
    var buffer: [UInt8] = []
    var dateCache: (key: Int, day: Int64) = (-1, 0)

    init(calendar: KazakhCalendar, serviceTable: ByteKeyTable, asOf: Int64, serviceCount: Int, out: FileHandle?) {
        self.calendar = calendar; self.serviceTable = serviceTable; self.asOf = asOf; self.out = out
        byCode = .allocate(capacity: RowJudge.width); byCode.initialize(repeating: 0, count: RowJudge.width)
        byService = .allocate(capacity: max(1, serviceCount) * RowJudge.width)
        byService.initialize(repeating: 0, count: max(1, serviceCount) * RowJudge.width)
        byProvider = .allocate(capacity: 1024 * RowJudge.width); byProvider.initialize(repeating: 0, count: 1024 * RowJudge.width)
    }

    func release() { byCode.deallocate(); byService.deallocate(); byProvider.deallocate(); bounds.deallocate() }

    mutating func bad(_ message: @autoclosure () -> String) {
        malformedCount += 1
        if malformed.count < 100 { malformed.append((lines, message())) }
    }

    /// Splits on commas into `bounds` (start, end pairs) in one pass; -1 when the line has a quote.
    @inline(__always)
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

    /// `YYYY-MM-DDTHH:MM:SS±HH:MM` or `…Z` without building anything; other forms go to `Instant.parse`.
    @inline(__always)
    mutating func instant(_ u: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard u.count == 25 || u.count == 20 else { return Instant.parse(u)?.secondsSinceEpoch }
        @inline(__always) func d(_ i: Int) -> Int { Int(u[i]) &- 48 }
        var bad = 0
        @inline(__always) func dd(_ i: Int) -> Int { let v = d(i); bad |= (v < 0 || v > 9) ? 1 : 0; return v }
        guard u[4] == 45, u[7] == 45, u[10] == 84 || u[10] == 32 || u[10] == 116, u[13] == 58, u[16] == 58 else { return Instant.parse(u)?.secondsSinceEpoch }
        let y = dd(0) * 1000 + dd(1) * 100 + dd(2) * 10 + dd(3)
        let m = dd(5) * 10 + dd(6), day = dd(8) * 10 + dd(9)
        let hh = dd(11) * 10 + dd(12), mi = dd(14) * 10 + dd(15), ss = dd(17) * 10 + dd(18)
        var offset = 0
        if u.count == 20 {
            guard u[19] == 90 || u[19] == 122 else { return nil }
        } else {
            guard u[19] == 43 || u[19] == 45, u[22] == 58 else { return nil }
            let oh = dd(20) * 10 + dd(21), om = dd(23) * 10 + dd(24)
            guard oh <= 14, om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (u[19] == 45 ? -1 : 1)
        }
        guard bad == 0, hh < 24, mi < 60, ss < 60 else { return nil }
        let key = y * 10_000 + m * 100 + day
        let dayNumber: Int64
        if key == dateCache.key { dayNumber = dateCache.day } else {
            guard let date = LocalDate(year: y, month: m, day: day) else { return nil }
            dayNumber = Int64(date.dayNumber)
            dateCache = (key, dayNumber)
        }
        return dayNumber * 86_400 + Int64(hh * 3600 + mi * 60 + ss) - Int64(offset)
    }

    @inline(__always)
    mutating func handle(_ raw: UnsafeBufferPointer<UInt8>, services: UnsafeBufferPointer<FlatRecords.Service>) {
        var line = raw
        if let last = line.last, last == 13 { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
        lines += 1
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
        guard let submitted = instant(f[4]) else { bad("submitted_at \"\(ScanCSV.text(f[4]))\" is not an ISO 8601 instant with an offset"); return }
        var registered: Int64? = nil
        if !f[5].isEmpty {
            guard let r = instant(f[5]) else { bad("registered_at \"\(ScanCSV.text(f[5]))\" is not an ISO 8601 instant with an offset"); return }
            registered = r
        }
        var decided: Int64? = nil
        if !f[6].isEmpty {
            guard let d = instant(f[6]) else { bad("decided_at \"\(ScanCSV.text(f[6]))\" is not an ISO 8601 instant with an offset"); return }
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
        valid += 1
        let w = RowJudge.width
        let p = providers.insert(f[2])
        if p >= providerCapacity {
            let grown = UnsafeMutablePointer<Int>.allocate(capacity: providerCapacity * 2 * w)
            grown.initialize(repeating: 0, count: providerCapacity * 2 * w)
            grown.update(from: byProvider, count: providerCapacity * w)
            byProvider.deallocate()
            byProvider = grown
            providerCapacity *= 2
        }
        byProvider[p * w + w - 1] += 1
        byService[s * w + w - 1] += 1
        if outcome.isEmpty { return }
        if let l = outcome.lateRegistration { count(0, p, s, l, f) }
        if let l = outcome.refusalTermBreach { count(1, p, s, l, f) }
        if outcome.refusalWithoutHearing { count(2, p, s, nil, f) }
        if outcome.refusalWithoutReasons { count(3, p, s, nil, f) }
        if let l = outcome.termBreach { count(4, p, s, l, f) }
    }

    @inline(__always)
    mutating func count(_ c: Int, _ p: Int, _ s: Int, _ l: FlatRecords.Lateness?, _ fields: [UnsafeBufferPointer<UInt8>]) {
        let w = RowJudge.width
        byCode[c] += 1; byProvider[p * w + c] += 1; byService[s * w + c] += 1
        if out != nil { record(c, l, fields) }
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

    mutating func flush(force: Bool) {
        guard let h = out, buffer.count >= (force ? 1 : 1 << 20) else { return }
        h.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
