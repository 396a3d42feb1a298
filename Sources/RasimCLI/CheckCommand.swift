import ArgumentParser
import BundledData
import Foundation
import InputFormats
import LegalCore
import PublicServices
import WorkCalendar

/// `rasim check FILE` — contracts/check.md. Reads the input in passes over a memory-mapped file so that
/// 100 000 applications need not be held in memory; validates everything before writing anything.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Judge public-service applications against their services' passports; print the findings (JSON).",
        discussion: "Input and output: ../shared/contracts/check.md. Exit 0 with findings (they are a result), 2 on invalid input.")
    @Argument(help: "A JSON file, or - for standard input.") var file: String
    @Flag(help: "Add each deadline's day-by-day count (holidays and moved days named, with sources) to the explanations.")
    var trace = false
    @OptionGroup var options: CalendarOptions

    func run() throws {
        let cal = try options.load()
        let data = try InputFile.read(file)
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws in
            try CheckRun(bytes: bytes, calendar: cal, trace: trace).run()
        }
    }
}

/// Reads an input file: memory-mapped when it is a path (pages are read on demand and can be dropped),
/// whole when it is standard input.
enum InputFile {
    static func read(_ path: String) throws -> Data {
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError(code: "invalid_input", message: "file not found: \(path)", path: "FILE")
        }
        do { return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw CLIError(code: "invalid_input", message: "cannot read \(path): \(error.localizedDescription)", path: "FILE")
        }
    }
}

struct CheckRun {
    let bytes: UnsafeRawBufferPointer
    let calendar: KazakhCalendar
    let trace: Bool

    func fail(_ e: InputError) -> CLIError { CLIError(code: e.code, message: e.message, path: e.path) }

    func fail(_ e: CheckError, application i: Int) -> CLIError {
        let at = e.eventIndex.map { "$.applications[\(i)].events[\($0)].\(e.field)" } ?? (e.field == "asOf" ? "$.asOf" : "$.applications[\(i)]")
        return CLIError(code: e.error.code, message: e.error.description, path: at)
    }

    func run() throws {
        let doc: CheckDocument
        do { doc = try CheckDocument(bytes, zones: calendar.zones) } catch { throw fail(error) }
        let n = doc.applicationOffsets.count
        let progress = Progress(total: n, label: "check")

        // Pass 1: validate every application, collect ids and the queue, and make sure every date can be
        // judged — so that nothing is written unless everything is valid.
        var ids: [String: Int] = [:]
        ids.reserveCapacity(n)
        var queue = QueueIndex()
        var order: [(id: String, index: Int)] = []
        order.reserveCapacity(n)
        var probe = CheckContext(asOf: doc.asOf, calendar: calendar, services: doc.services, officials: doc.officials)
        for i in 0..<n {
            let app: Application
            do { app = try doc.application(i, in: bytes) } catch { throw fail(error) }
            if let first = ids[app.id] {
                throw CLIError(code: "invalid_input", message: "duplicate application id \"\(app.id)\" (first at $.applications[\(first)])",
                               path: "$.applications[\(i)].id")
            }
            ids[app.id] = i
            order.append((app.id, i))
            if doc.services[app.service]?.queue == true { queue.add(app, asOf: doc.asOf) }
            do { _ = try Checks.judge(app, in: probe) } catch { throw fail(error, application: i) }
            progress.tick(i + 1, pass: 1)
        }
        probe.queue = queue
        probe.detailedTraces = trace
        let ctx = probe
        if let risk = Acts.find(.psRisk2023), let day = try? calendar.eventDay(of: doc.asOf, timeZone: "Asia/Almaty"),
           risk.validity.status(on: day) != .inForce {
            writeWarning("asOf \(day) is before PS-RISK-2023 is known to be in force; severities follow its criteria all the same")
        }

        // Pass 2: judge in application-id order and stream the findings out.
        order.sort { $0.id < $1.id }
        let out = OutputStream()
        out.write("{\"findings\": [")
        var count = 0
        var byCode: [String: Int] = [:]
        for (k, entry) in order.enumerated() {
            let app: Application
            do { app = try doc.application(entry.index, in: bytes) } catch { throw fail(error) }
            let findings: [Finding]
            do { findings = try Checks.judge(app, in: ctx) } catch { throw fail(error, application: entry.index) }
            for f in findings.enumerated().sorted(by: { ($0.element.code, $0.offset) < ($1.element.code, $1.offset) }).map(\.element) {
                out.write(count == 0 ? "\n  " : ",\n  ")
                out.write(FindingJSON.finding(f, trace: trace))
                count += 1
                byCode[f.code, default: 0] += 1
            }
            progress.tick(k + 1, pass: 2)
        }
        out.write(count == 0 ? "],\n" : "\n],\n")
        let summary = JSONText.object([
            ("applications", String(n)),
            ("findings", String(count)),
            ("byCode", JSONText.object(byCode.sorted { $0.key < $1.key }.map { ($0.key, String($0.value)) })),
        ])
        out.write(" \"summary\": \(summary)}\n")
        out.flush()
        progress.done()
    }
}

/// Buffered standard output.
final class OutputStream {
    private var buffer: [UInt8] = []
    init() { buffer.reserveCapacity(1 << 16) }
    func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }
    func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { p in
            var off = 0
            while off < p.count {
                let w = Foundation.write(1, p.baseAddress! + off, p.count - off)
                if w <= 0 { break }
                off += w
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Progress on a terminal (standard error), for long runs; silent when standard error is not a terminal.
final class Progress {
    let total: Int
    let label: String
    let enabled: Bool
    var last = Date()
    init(total: Int, label: String) {
        self.total = total; self.label = label
        enabled = isatty(2) == 1 && total >= 20_000
    }
    func tick(_ done: Int, pass: Int) {
        guard enabled, done % 1000 == 0 else { return }
        let now = Date()
        guard now.timeIntervalSince(last) > 0.2 else { return }
        last = now
        FileHandle.standardError.write(Data("\r\(label): pass \(pass)/2, \(done)/\(total) applications".utf8))
    }
    func done() { if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }
}
