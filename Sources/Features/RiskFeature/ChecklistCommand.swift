import ArgumentParser
import CommandKit
import WebKit
import Foundation
import Identifiers
import JSONKit
import LegalCore
import RiskAssessment

/// `rasim checklist template|score` — the checklist of PS-RISK-2023 App.2.
public struct ChecklistCommand: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "checklist",
        abstract: "The PS-RISK-2023 checklist (App.2): print the official form, or score a filled one.",
        subcommands: [Template.self, Score.self])

    struct Template: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the checklist form as a printable A4 HTML page (kk or ru).")
        @Option(help: "The control subject's id (shown on the form).") var subject: String
        @Option(help: "kk or ru.") var lang: String = "kk"
        @Option(help: "Output format: html.") var format: String = "html"
        @Option(help: "Subject's name.") var name: String?
        @Option(help: "Subject's IIN or BIN (validated).") var bin: String?
        @Option(help: "Subject's address.") var address: String?
        @Option(name: .customLong("state-body"), help: "The state body carrying out the control.") var stateBody: String?
        @Option(name: .customLong("appointing-body"), help: "The body that appointed the inspection.") var appointingBody: String?
        @Option(name: .customLong("act-number"), help: "Number of the act of appointment.") var actNumber: String?
        @Option(name: .customLong("act-date"), help: "Date of the act of appointment, YYYY-MM-DD.") var actDate: String?

        func run() throws {
            guard lang == "kk" || lang == "ru" else {
                throw CLIError(code: "invalid_input", message: "--lang: \"\(lang)\" is not kk or ru", path: "--lang")
            }
            guard format == "html" else {
                throw CLIError(code: "invalid_input", message: "--format: \"\(format)\" is not supported (html)", path: "--format")
            }
            if let bin {
                let iin = Identifiers.validateIIN(bin), b = Identifiers.validateBIN(bin)
                if case .failure(let pb) = b, case .failure = iin {
                    throw CLIError(code: "invalid_input", message: "--bin: \"\(bin)\" is neither a valid BIN nor IIN: \(pb.message.en)", path: "--bin")
                }
            }
            if let actDate, LocalDate(actDate) == nil {
                throw CLIError(code: "invalid_input", message: "--act-date: \"\(actDate)\" is not a date YYYY-MM-DD", path: "--act-date")
            }
            let criteria = try loadRiskCriteria()
            let values: [String: String] = [
                "stateBody": stateBody, "appointingBody": appointingBody,
                "appointmentAct": [actNumber.map { "№ \($0)" }, actDate].compactMap { $0 }.joined(separator: ", "),
                "subjectName": name ?? subject, "iinBin": bin, "address": address,
            ].compactMapValues { $0.flatMap { $0.isEmpty ? nil : $0 } }
            writeOut(ChecklistHTML.render(criteria.checklist, values: values, subjectID: subject, kk: lang == "kk"))
        }
    }

    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score a filled checklist: the violated criteria and the resulting subjective score (JSON).",
            discussion: "Input: {\"subject\": ID, \"bin\"?: BIN, \"answers\": [{\"requirement\": 1–19, \"complies\": true|false}]}. Input and output: docs/reference/checklist.md.")
        @Argument(help: "A JSON file, or - for standard input.") var file: String

        func run() throws {
            let criteria = try loadRiskCriteria()
            let data = try InputFile.read(file)
            let parsed: Result<(subject: String, bin: String?, answers: [Int: Bool]), InputError> = data.withUnsafeBytes { b in
                Result { () throws(InputError) in try ChecklistJSON.input(b) }
            }
            switch parsed {
            case .success(let v): writeOut(ChecklistJSON.output(subject: v.subject, answered: v.answers.count, criteria: criteria, answers: v.answers))
            case .failure(let e): throw CLIError(code: e.code, message: e.message, path: e.path)
            }
        }
    }
}

/// The checklist as an HTML page: A4, print CSS, every value escaped.
enum ChecklistHTML {
    static func escape(_ s: String) -> String { Markup.escape(s) }

    static func render(_ c: RiskCriteria.Checklist, values: [String: String], subjectID: String, kk: Bool) -> String {
        func t(_ b: RiskCriteria.Bilingual) -> String { escape(kk ? b.kk : b.ru) }
        let rows = c.requirements.sorted { $0.number < $1.number }.map { r in
            """
                <tr><td class="n">\(r.number)</td><td>\(t(r.text))</td>\
            <td class="box"><span aria-label="\(t(c.answers.complies))">☐</span></td>\
            <td class="box"><span aria-label="\(t(c.answers.doesNotComply))">☐</span></td></tr>
            """
        }.joined(separator: "\n")
        let header = c.header.map { f in
            "    <tr><th scope=\"row\">\(t(f.label))</th><td>\(escape(values[f.id] ?? ""))</td></tr>"
        }.joined(separator: "\n")
        let signatures = c.signatures.map { f in
            "  <div class=\"sig\"><div class=\"line\"></div><div>\(t(f.label))</div></div>"
        }.joined(separator: "\n")
        let number = kk ? "№" : "№"
        let requirement = kk ? "Талаптар" : "Требования"
        return """
        <!DOCTYPE html>
        <html lang="\(kk ? "kk" : "ru")">
        <head>
        <meta charset="utf-8">
        <title>\(t(c.title)) — \(escape(subjectID))</title>
        <style>
          @page { size: A4; margin: 20mm 15mm 20mm 20mm; }
          body { font-family: "Times New Roman", Times, serif; font-size: 12pt; color: #000; max-width: 180mm; margin: 0 auto; }
          h1 { font-size: 13pt; text-align: center; margin: 0 0 6mm; }
          table { width: 100%; border-collapse: collapse; margin-bottom: 6mm; }
          th, td { border: 1px solid #000; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
          .head th { width: 45%; font-weight: normal; }
          td.n { width: 8mm; text-align: center; }
          td.box { width: 22mm; text-align: center; font-size: 14pt; }
          thead th { text-align: center; font-weight: bold; }
          .sig { margin-top: 10mm; display: flex; gap: 6mm; align-items: flex-end; }
          .sig .line { border-bottom: 1px solid #000; width: 70mm; height: 8mm; }
          tr { page-break-inside: avoid; }
          @media screen { body { margin: 10mm auto; } }
        </style>
        </head>
        <body>
        <h1>\(t(c.title))</h1>
        <table class="head">
        \(header)
        </table>
        <table class="reqs">
          <thead><tr><th>\(number)</th><th>\(requirement)</th><th>\(t(c.answers.complies))</th><th>\(t(c.answers.doesNotComply))</th></tr></thead>
          <tbody>
        \(rows)
          </tbody>
        </table>
        \(signatures)
        </body>
        </html>
        """
    }
}
