import ArgumentParser
import CommandKit
import Foundation
import JSONKit
import Identifiers

/// `rasim validate iin|bin X`: prints a JSON verdict; exit 0 when valid, 1 when invalid (with the reason),
/// 2 for a usage error.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check an IIN or BIN: structure and check digit. Exit 0 valid, 1 invalid (the reason is printed).")
    @Argument(help: "iin or bin.") var kind: String
    @Argument(help: "The 12-digit number.") var value: String

    func text(_ t: IdentifierText) -> String {
        JSONText.object([("kk", JSONText.string(t.kk)), ("ru", JSONText.string(t.ru)), ("en", JSONText.string(t.en))])
    }

    func run() throws {
        guard let k = IdentifierKind(rawValue: kind.lowercased()) else {
            throw CLIError(code: "invalid_input", message: "KIND: \"\(kind)\" is not iin or bin", path: "KIND")
        }
        var pairs: [(String, String)] = [("kind", JSONText.string(k.rawValue)), ("value", JSONText.string(value))]
        let problem: IdentifierProblem?
        switch k {
        case .iin:
            switch Identifiers.validateIIN(value) {
            case .success(let d):
                problem = nil
                pairs += [("birthDate", JSONText.string(d.birthDate)), ("sex", JSONText.string(d.male ? "male" : "female"))]
            case .failure(let p): problem = p
            }
        case .bin:
            switch Identifiers.validateBIN(value) {
            case .success(let d):
                problem = nil
                let mm = d.registrationMonth < 10 ? "0\(d.registrationMonth)" : "\(d.registrationMonth)"
                let yy = d.registrationYear < 10 ? "0\(d.registrationYear)" : "\(d.registrationYear)"
                pairs += [("registered", JSONText.string("\(yy)-\(mm)")), ("type", text(d.typeLabel)), ("attribute", text(d.attributeLabel))]
            case .failure(let p): problem = p
            }
        }
        if let problem {
            pairs.insert(("valid", "false"), at: 2)
            pairs.append(("reason", JSONText.object([("code", JSONText.string(problem.code)), ("message", text(problem.message))])))
            writeOut(JSONText.object(pairs))
            throw ExitCode(1)
        }
        pairs.insert(("valid", "true"), at: 2)
        writeOut(JSONText.object(pairs))
    }
}
