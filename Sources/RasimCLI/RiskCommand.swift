import ArgumentParser
import BundledData
import Foundation
import Identifiers
import InputFormats
import LegalCore
import RiskAssessment

/// `rasim risk FILE` — contracts/risk.md (PS-RISK-2023).
struct RiskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "risk",
        abstract: "Risk degree of control subjects and the next preventive-control list (PS-RISK-2023), as JSON.",
        discussion: "Input and output: ../shared/contracts/risk.md. Exit 2 on invalid input.")
    @Argument(help: "A JSON file, or - for standard input.") var file: String

    func run() throws {
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
            throw CLIError(code: "act_not_in_force", message: error.description, path: "$.asOf")
        }
    }
}

func loadRiskCriteria() throws -> RiskCriteria {
    do { return try BundledData.riskCriteria() } catch {
        throw CLIError(code: "invalid_data", message: error.description, path: error.path)
    }
}

enum RiskJSON {
    static func criteriaList(_ v: JSONValue, _ path: String) throws(InputError) -> Set<Int> {
        guard case .array(let items) = v else { throw InputError("expected a list of criterion numbers, got \(v.typeName)", path: path) }
        var out = Set<Int>()
        for (i, item) in items.enumerated() {
            let n = try Fields.int(item, path + "[\(i)]", min: 1, max: 35)
            guard out.insert(n).inserted else { throw InputError("criterion \(n) is listed twice", path: path + "[\(i)]") }
        }
        return out
    }

    static func bin(_ s: String, _ path: String) throws(InputError) {
        if case .failure(let p) = Identifiers.validateBIN(s) {
            throw InputError("invalid BIN \"\(s)\": \(p.message.en)", path: path)
        }
    }

    static func input(_ bytes: UnsafeRawBufferPointer) throws(InputError) -> (LocalDate, [SubjectData]) {
        guard bytes.count > 0 else { throw InputError("the input is empty", path: "$") }
        var p = JSONParser(bytes)
        let root = try p.parseValue("$")
        p.skipSpace()
        guard p.atEnd else { throw InputError("not valid JSON: unexpected text after the document", path: "$") }
        let f = try Fields(root, path: "$")
        let asOf = try f.date("asOf")
        var seen: [String: Int] = [:]
        var subjects: [SubjectData] = []
        for (i, item) in try f.array("subjects").enumerated() {
            let path = "$.subjects[\(i)]"
            let s = try Fields(item, path: path)
            let id = try s.nonEmptyString("id")
            if let first = seen[id] { throw InputError("duplicate subject id \"\(id)\" (first at $.subjects[\(first)])", path: s.at("id")) }
            seen[id] = i
            let bin = try s.optionalString("bin")
            if let bin { try RiskJSON.bin(bin, s.at("bin")) }
            let o = try Fields(s.required("objective"), path: s.at("objective"))
            func flag(_ k: String) throws(InputError) -> Bool {
                let v = try o.required(k)
                guard case .bool(let b) = v else { throw InputError("expected true or false, got \(v.typeName)", path: o.at(k)) }
                return b
            }
            let objective = SubjectData.Objective(
                servicesRenderedLast6Months: try o.int("servicesRenderedLast6Months", min: 0),
                complaintsToAuthorizedBodyLast6Months: try o.int("complaintsToAuthorizedBodyLast6Months", min: 0),
                art465LiabilityLastYear: try flag("art465LiabilityLastYear"),
                negativeMediaLastYear: try flag("negativeMediaLastYear"),
                inspectionsLastYear: try o.int("inspectionsLastYear", min: 0),
                refusalsInInternalControlReport: try flag("refusalsInInternalControlReport"))
            var assessed: Set<Int>? = nil
            var violated = Set<Int>()
            if let sv = s.optional("subjective") {
                let sf = try Fields(sv, path: s.at("subjective"))
                if let a = sf.optional("assessed") { assessed = try criteriaList(a, sf.at("assessed")) }
                violated = try criteriaList(sf.required("violated"), sf.at("violated"))
                if let assessed, let outside = violated.sorted().first(where: { !assessed.contains($0) }) {
                    throw InputError("criterion \(outside) is violated but not assessed: violated must be a subset of assessed", path: sf.at("violated"))
                }
            }
            let lastVisit = s.optional("lastVisit") == nil ? nil : try s.date("lastVisit")
            subjects.append(SubjectData(id: id, name: try s.optionalString("name"), bin: bin, objective: objective,
                                        assessed: assessed, violated: violated, lastVisit: lastVisit))
        }
        return (asOf, subjects)
    }

    static func degree(_ d: DegreeScore) -> String {
        JSONText.object([("assessed", String(d.assessed)), ("violated", String(d.violated)), ("score", d.score.display)])
    }

    static func output(_ subjects: [SubjectAssessment], _ list: PreventiveControlList) -> String {
        let items = subjects.map { s -> String in
            var pairs: [(String, String)] = [
                ("id", JSONText.string(s.id)),
                ("objective", JSONText.object([("high", s.objectiveHigh ? "true" : "false"),
                                               ("criteria", JSONText.array(s.objectiveCriteria.map(String.init)))])),
                ("subjective", JSONText.object([
                    ("grossViolated", JSONText.array(s.grossViolated.map(String.init))),
                    ("significant", degree(s.significant)),
                    ("minor", degree(s.minor)),
                    ("score", s.score.display),
                    ("exactScore", JSONText.string(s.score.description)),
                    ("category", JSONText.string(s.category.rawValue)),
                ])),
                ("needsVisit", s.needsVisit ? "true" : "false"),
                ("eligible", s.eligible ? "true" : "false"),
                ("citation", JSONText.array(s.citation.map { JSONText.string($0.description) })),
            ]
            if !s.readings.isEmpty { pairs.append(("readings", JSONText.array(s.readings.map(JSONText.string)))) }
            return JSONText.object(pairs)
        }
        return JSONText.object([
            ("subjects", "[\n  " + items.joined(separator: ",\n  ") + "\n]"),
            ("list", JSONText.object([("approvalDue", JSONText.string(list.approvalDue.description)),
                                      ("subjects", JSONText.array(list.subjects.map(JSONText.string))),
                                      ("citation", JSONText.array(["PS-RISK-2023 §10", "PS-RISK-2023 §11", "PS-RISK-2023 §12"].map(JSONText.string)))])),
        ])
    }
}
