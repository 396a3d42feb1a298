import ArgumentParser
import CommandKit
import BundledData
import Foundation
import JSONKit
import LegalCore
import PublicServices
import WorkCalendar

/// `rasim check FILE` — docs/reference/check.md. Reads the input in passes over a memory-mapped file so that
/// 100 000 applications need not be held in memory; validates everything before writing anything.
public struct CheckCommand: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Judge public-service applications against their services' passports; print the findings (JSON).",
        discussion: "Input and output: docs/reference/check.md. Exit 0 with findings (they are a result), 2 on invalid input.")
    @Argument(help: "A JSON file, or - for standard input.") var file: String
    @Flag(help: "Add each deadline's day-by-day count (holidays and moved days named, with sources) to the explanations.")
    var trace = false
    @OptionGroup var options: CalendarOptions

    public func run() throws {
        let cal = try options.load()
        let data = try InputFile.read(file)
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws in
            try CheckRun(bytes: bytes, calendar: cal, trace: trace).run()
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
            let out = StandardOutput()
            var first = true
            var retroactive = 0
            // Findings are written only in pass 2, after pass 1 has validated the whole input.
            let totals = try runner.run(trace: trace, progress: progress.tick) { f in
                out.write(first ? "{\"findings\": [\n  " : ",\n  ")
                first = false
                if f.criteriaInForce == false { retroactive += 1 }
                out.write(FindingJSON.finding(f, trace: trace))
            }
            out.write(first ? "{\"findings\": [],\n" : "\n],\n")
            var pairs = [
                ("applications", String(totals.applications)),
                ("findings", String(totals.findings)),
                ("byCode", JSONText.object(totals.byCode.sorted { $0.key < $1.key }.map { ($0.key, String($0.value)) })),
            ]
            // check.md v1.1: findings whose criteria were not yet in force, counted (said when there are any).
            if retroactive > 0 { pairs.append(("classifiedRetroactively", String(retroactive))) }
            let summary = JSONText.object(pairs)
            out.write(" \"summary\": \(summary)}\n")
            out.flush()
            progress.done()
            // Only once the input has proved valid: an input error is one JSON object on stderr, nothing else.
            if let day = Checks.dayBeforeRiskCriteria(at: runner.document.asOf, calendar: calendar) {
                writeWarning("asOf \(day) is before PS-RISK-2023 is known to be in force; severities follow its criteria all the same")
            }
        } catch {
            throw CLIError(code: error.code, message: error.message, path: error.path)
        }
    }
}

