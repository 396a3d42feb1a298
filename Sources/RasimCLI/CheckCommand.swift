import ArgumentParser
import BundledData
import Foundation
import JSONKit
import PublicServicesFeature
import RiskFeature
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

/// Reads an input file (`BundledData.readFile`), its failure as the CLI's error naming FILE.
enum InputFile {
    static func read(_ path: String) throws -> Data {
        do { return try BundledData.readFile(path) } catch {
            throw CLIError(code: "invalid_input", message: error.message, path: "FILE")
        }
    }
}

struct CheckRun {
    let bytes: UnsafeRawBufferPointer
    let calendar: KazakhCalendar
    let trace: Bool

    func run() throws {
        do {
            let runner = try CheckRunner(bytes: bytes, calendar: calendar)
            let progress = Progress(total: runner.document.applicationOffsets.count, label: "check")
            let out = OutputStream()
            var first = true
            // Findings are written only in pass 2, after pass 1 has validated the whole input.
            let totals = try runner.run(trace: trace, progress: progress.tick) { f in
                out.write(first ? "{\"findings\": [\n  " : ",\n  ")
                first = false
                out.write(FindingJSON.finding(f, trace: trace))
            }
            out.write(first ? "{\"findings\": [],\n" : "\n],\n")
            let summary = JSONText.object([
                ("applications", String(totals.applications)),
                ("findings", String(totals.findings)),
                ("byCode", JSONText.object(totals.byCode.sorted { $0.key < $1.key }.map { ($0.key, String($0.value)) })),
            ])
            out.write(" \"summary\": \(summary)}\n")
            out.flush()
            progress.done()
            // Only once the input has proved valid: an input error is one JSON object on stderr, nothing else.
            if Checks.riskCriteriaInForce(at: runner.document.asOf, calendar: calendar) == false,
               let day = try? calendar.eventDay(of: runner.document.asOf, timeZone: ZoneTable.capital) {
                writeWarning("asOf \(day) is before PS-RISK-2023 is known to be in force; severities follow its criteria all the same")
            }
        } catch {
            throw CLIError(code: error.code, message: error.message, path: error.path)
        }
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
    func tick(_ pass: Int, _ done: Int) {
        guard enabled, done % 1000 == 0 else { return }
        let now = Date()
        guard now.timeIntervalSince(last) > 0.2 else { return }
        last = now
        FileHandle.standardError.write(Data("\r\(label): pass \(pass)/2, \(done)/\(total) applications".utf8))
    }
    func done() { if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }
}
