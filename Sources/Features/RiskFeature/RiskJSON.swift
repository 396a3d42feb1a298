import JSONKit
import Identifiers
import LegalCore
import RiskAssessment

/// The JSON of docs/reference/risk.md and of a filled checklist, shared by `rasim risk` / `rasim checklist` and the server.
public enum RiskJSON {
    public static func criteriaList(_ v: JSONValue, _ path: String) throws(InputError) -> Set<Int> {
        guard case .array(let items) = v else { throw InputError("expected a list of criterion numbers, got \(v.typeName)", path: path, reason: .type) }
        var out = Set<Int>()
        for (i, item) in items.enumerated() {
            let n = try Fields.int(item, path + "[\(i)]", min: 1, max: 35)
            guard out.insert(n).inserted else { throw InputError("criterion \(n) is listed twice", path: path + "[\(i)]", reason: .duplicate) }
        }
        return out
    }

    public static func bin(_ s: String, _ path: String) throws(InputError) {
        if case .failure(let p) = Identifiers.validateBIN(s) {
            throw .rule("invalid BIN \"\(s)\": \(p.message.en)", path: path, reason: .init(rawValue: "bin"))
        }
    }

    public static func input(_ bytes: UnsafeRawBufferPointer) throws(InputError) -> (LocalDate, [SubjectData]) {
        guard bytes.count > 0 else { throw InputError("the input is empty", path: "$", reason: .empty) }
        let f = try Fields(JSONParser.document(bytes), path: "$")
        let asOf = try f.date("asOf")
        var seen: [String: Int] = [:]
        var subjects: [SubjectData] = []
        for (i, item) in try f.array("subjects").enumerated() {
            let path = "$.subjects[\(i)]"
            let s = try Fields(item, path: path)
            let id = try s.nonEmptyString("id")
            if let first = seen[id] { throw .rule("duplicate subject id \"\(id)\" (first at $.subjects[\(first)])", path: s.at("id"), reason: .duplicate) }
            seen[id] = i
            let bin = try s.optionalString("bin")
            if let bin { try RiskJSON.bin(bin, s.at("bin")) }
            let o = try Fields(s.required("objective"), path: s.at("objective"))
            func flag(_ k: String) throws(InputError) -> Bool {
                let v = try o.required(k)
                guard case .bool(let b) = v else { throw InputError("expected true or false, got \(v.typeName)", path: o.at(k), reason: .type) }
                return b
            }
            let objective = SubjectData.Objective(
                servicesRenderedLast6Months: try o.int("servicesRenderedLast6Months", min: 0, max: Fields.maxExact),
                complaintsToAuthorizedBodyLast6Months: try o.int("complaintsToAuthorizedBodyLast6Months", min: 0, max: Fields.maxExact),
                art465LiabilityLastYear: try flag("art465LiabilityLastYear"),
                negativeMediaLastYear: try flag("negativeMediaLastYear"),
                inspectionsLastYear: try o.int("inspectionsLastYear", min: 0, max: Fields.maxExact),
                refusalsInInternalControlReport: try flag("refusalsInInternalControlReport"))
            var assessed: Set<Int>? = nil
            var violated = Set<Int>()
            if let sv = s.optional("subjective") {
                let sf = try Fields(sv, path: s.at("subjective"))
                if let a = sf.optional("assessed") { assessed = try criteriaList(a, sf.at("assessed")) }
                violated = try criteriaList(sf.required("violated"), sf.at("violated"))
                if let assessed, let outside = violated.sorted().first(where: { !assessed.contains($0) }) {
                    throw .rule("criterion \(outside) is violated but not assessed: violated must be a subset of assessed", path: sf.at("violated"),
                               reason: .init(rawValue: "violated_not_assessed"))
                }
            }
            let lastVisit = s.optional("lastVisit") == nil ? nil : try s.date("lastVisit")
            subjects.append(SubjectData(id: id, name: try s.optionalString("name"), bin: bin, objective: objective,
                                        assessed: assessed, violated: violated, lastVisit: lastVisit))
        }
        return (asOf, subjects)
    }

    public static func degree(_ d: DegreeScore) -> String {
        JSONText.object([("assessed", String(d.assessed)), ("violated", String(d.violated)), ("score", d.score.display)])
    }

    public static func output(_ subjects: [SubjectAssessment], _ list: PreventiveControlList) -> String {
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
            if !s.readings.isEmpty { pairs.append(("readings", JSONText.array(s.readings.map { JSONText.string($0.en) }))) }
            return JSONText.object(pairs)
        }
        return JSONText.object([
            ("subjects", "[\n  " + items.joined(separator: ",\n  ") + "\n]"),
            ("list", JSONText.object([("approvalDue", JSONText.string(list.approvalDue.description)),
                                      ("subjects", JSONText.array(list.subjects.map(JSONText.string))),
                                      ("citation", JSONText.array(PreventiveControlList.citations.map { JSONText.string($0.description) }))])),
        ])
    }
}

public enum ChecklistJSON {
    /// `{"subject": ID, "bin"?: BIN, "answers": [{"requirement": 1–19, "complies": true|false}]}`
    public static func input(_ b: UnsafeRawBufferPointer) throws(InputError) -> (subject: String, bin: String?, answers: [Int: Bool]) {
        guard b.count > 0 else { throw InputError("the input is empty", path: "$", reason: .empty) }
        let f = try Fields(JSONParser.document(b), path: "$")
        let subject = try f.nonEmptyString("subject")
        let bin = try f.optionalString("bin")
        if let bin { try RiskJSON.bin(bin, f.at("bin")) }
        var answers: [Int: Bool] = [:]
        for (i, item) in try f.array("answers").enumerated() {
            let a = try Fields(item, path: f.at("answers") + "[\(i)]")
            let n = try a.int("requirement", min: 1, max: 19)
            guard answers[n] == nil else { throw .rule("requirement \(n) is answered twice", path: a.at("requirement"), reason: .duplicate) }
            let v = try a.required("complies")
            guard case .bool(let c) = v else { throw InputError("expected true or false, got \(v.typeName)", path: a.at("complies"), reason: .type) }
            answers[n] = c
        }
        return (subject, bin, answers)
    }

    public static func output(subject: String, answered: Int, criteria: RiskCriteria, answers: [Int: Bool]) -> String {
        let s = RiskAssessment.checklistScore(answers: answers, criteria: criteria)
        var pairs: [(String, String)] = [
            ("subject", JSONText.string(subject)),
            ("answered", String(answered)),
            ("assessed", JSONText.array(s.assessed.map(String.init))),
            ("violated", JSONText.array(s.violated.map(String.init))),
            ("subjective", JSONText.object([
                ("grossViolated", JSONText.array(s.gross.map(String.init))),
                ("significant", RiskJSON.degree(s.significant)),
                ("minor", RiskJSON.degree(s.minor)),
                ("score", s.score.display),
                ("exactScore", JSONText.string(s.score.description)),
                ("category", JSONText.string(s.category.rawValue)),
            ])),
            ("riskInput", JSONText.object([("subjective", JSONText.object([
                ("assessed", JSONText.array(s.assessed.map(String.init))),
                ("violated", JSONText.array(s.violated.map(String.init)))]))])),
            ("citation", JSONText.array(RiskAssessment.checklistCitations(violated: s.violated).map { JSONText.string($0.description) })),
        ]
        if !s.readings.isEmpty { pairs.append(("readings", JSONText.array(s.readings.map { JSONText.string($0.en) }))) }
        return JSONText.object(pairs)
    }
}
