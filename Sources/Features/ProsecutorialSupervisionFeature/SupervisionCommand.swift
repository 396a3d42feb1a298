import ArgumentParser
import CommandKit
import Foundation
import JSONKit
import LegalCore
import ProsecutorialSupervision
import WorkCalendar

/// `rasim supervision FILE` — docs/reference/supervision.md (PROSEC-ADM-2015).
public struct SupervisionCommand: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "supervision",
        abstract: "Judge prosecutorial supervision of court acts in administrative-offence cases (PROSEC-ADM-2015): categories, routing, terms, returns, indicators (JSON).",
        discussion: "Input and output: docs/reference/supervision.md. Exit 0 with findings (they are a result), 2 on invalid input.")
    @Argument(help: "A JSON file, or - for standard input.") var file: String
    @OptionGroup var options: CalendarOptions

    public func run() throws {
        let calendar = try options.load()
        let data = try InputFile.read(file)
        let parsed: Result<SupervisionInput, InputError> = data.withUnsafeBytes { b in Result { () throws(InputError) in try SupervisionJSON.input(b) } }
        let input: SupervisionInput
        switch parsed {
        case .success(let v): input = v
        case .failure(let e): throw CLIError(code: e.code, message: e.message, path: e.path)
        }
        do {
            writeOut(SupervisionJSON.output(try Supervision.evaluate(input, calendar: calendar)))
        } catch {
            throw CLIError(code: error.code, message: error.message, path: error.path)
        }
    }
}
