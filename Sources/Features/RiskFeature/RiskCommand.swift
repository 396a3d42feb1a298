import ArgumentParser
import CommandKit
import BundledData
import Foundation
import Identifiers
import JSONKit
import LegalCore
import RiskAssessment

/// `rasim risk FILE` — docs/reference/risk.md (PS-RISK-2023).
public struct RiskCommand: ParsableCommand {
    public init() {}

    public static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "Risk degree of control subjects and the next preventive-control list (PS-RISK-2023), as JSON.",
        discussion: "Input and output: docs/reference/risk.md. Exit 2 on invalid input.")
    @Argument(help: "A JSON file, or - for standard input.") var file: String

    public func run() throws {
        let criteria = try loadRiskCriteria()
        let data = try InputFile.read(file)
        let parsed: Result<(LocalDate, [SubjectData]), InputError> = data.withUnsafeBytes { b in
            Result { () throws(InputError) in try RiskJSON.input(b) }
        }
        let (asOf, subjects): (LocalDate, [SubjectData])
        switch parsed {
        case .success(let v): (asOf, subjects) = v
        case .failure(let e): throw CLIError(code: e.code, message: e.message, path: e.path)
        }
        do {
            let result = try RiskAssessment.assess(subjects, asOf: asOf, criteria: criteria)
            writeOut(RiskJSON.output(result.subjects, result.list))
        } catch {
            throw CLIError(code: error.code, message: error.description, path: "$.asOf")
        }
    }
}

public func loadRiskCriteria() throws -> RiskCriteria {
    do { return try RiskData.criteria() } catch {
        throw CLIError(code: "invalid_data", message: error.description, path: error.path)
    }
}

