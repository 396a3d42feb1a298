import AdministrativePractice
import ArgumentParser
import CommandKit
import Foundation
import JSONKit
import LegalCore
import WorkCalendar

/// `rasim practice FILE` — docs/reference/practice.md (ADM-PRACTICE-2025).
public struct PracticeCommand: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "practice",
        abstract: "Judge bodies' administrative practice (ADM-PRACTICE-2025): registry, instructions, knowledge base, court cases, reports, targets (JSON).",
        discussion: "Input and output: docs/reference/practice.md. Exit 0 with findings (they are a result), 2 on invalid input.")
    @Argument(help: "A JSON file, or - for standard input.") var file: String
    @OptionGroup var options: CalendarOptions

    public func run() throws {
        let calendar = try options.load()
        let data = try InputFile.read(file)
        let parsed: Result<(asOf: LocalDate, bodies: [Body]), InputError> = data.withUnsafeBytes { b in
            Result { () throws(InputError) in try PracticeJSON.input(b) }
        }
        let input: (asOf: LocalDate, bodies: [Body])
        switch parsed {
        case .success(let v): input = v
        case .failure(let e): throw CLIError(code: e.code, message: e.message, path: e.path)
        }
        do {
            writeOut(PracticeJSON.output(try Practice.evaluate(asOf: input.asOf, bodies: input.bodies, calendar: calendar)))
        } catch {
            throw CLIError(code: error.code, message: error.message, path: error.path)
        }
    }
}
