import ArgumentParser
import CommandKit
import DocumentControl
import Foundation
import JSONKit
import LegalCore
import WorkCalendar

/// `rasim documents FILE` — docs/reference/documents.md (MODEL-REG-2008).
public struct DocumentsCommand: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "documents",
        abstract: "Judge a central state body's document control under MODEL-REG-2008: correspondence, controlled documents, draft approvals, plans, collegium, monitoring, control lists (JSON).",
        discussion: "Input and output: docs/reference/documents.md. Exit 0 with findings (they are a result), 2 on invalid input or a date outside the decree's life.")
    @Argument(help: "A JSON file, or - for standard input.") var file: String
    @OptionGroup var options: CalendarOptions

    public func run() throws {
        let calendar = try options.load()
        let data = try InputFile.read(file)
        let parsed: Result<DocumentsInput, InputError> = data.withUnsafeBytes { b in Result { () throws(InputError) in try DocumentsJSON.input(b, calendar: calendar) } }
        let input: DocumentsInput
        switch parsed {
        case .success(let v): input = v
        case .failure(let e): throw CLIError(code: e.code, message: e.message, path: e.path)
        }
        do {
            writeOut(DocumentsJSON.output(try Documents.evaluate(input, calendar: calendar)))
        } catch {
            throw CLIError(code: error.code, message: error.message, path: error.path)
        }
    }
}
