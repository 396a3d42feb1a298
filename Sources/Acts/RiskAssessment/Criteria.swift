import LegalCore

/// PS-RISK-2023's criteria as data (bundled `risk.json`, extracted from the act's text with the place of
/// each): six objective criteria (§4), 35 subjective criteria grouped by five information sources, each
/// gross, significant or minor, and the 19-requirement checklist of App.2.
public struct RiskCriteria: Sendable, Decodable {
    public struct Objective: Sendable, Decodable {
        public var number: Int
        public var citation: String
        public var text: LocalizedText
        public var field: String
    }
    public struct InformationSource: Sendable, Decodable {
        public var number: Int
        public var name: LocalizedText
    }
    public struct Subjective: Sendable, Decodable {
        public var number: Int
        public var source: Int
        public var severity: Severity
        public var citation: String
        public var text: LocalizedText
    }
    public struct Bilingual: Sendable, Decodable, Hashable { public var kk: String; public var ru: String }
    public struct Field: Sendable, Decodable { public var id: String; public var label: Bilingual }
    public struct Requirement: Sendable, Decodable { public var number: Int; public var criterion: Int; public var text: Bilingual }
    public struct Answers: Sendable, Decodable { public var complies: Bilingual; public var doesNotComply: Bilingual }
    public struct Checklist: Sendable, Decodable {
        public var title: Bilingual
        public var header: [Field]
        public var requirements: [Requirement]
        public var answers: Answers
        public var signatures: [Field]
    }

    public var objective: [Objective]
    public var sources: [InformationSource]
    public var subjective: [Subjective]
    public var checklist: Checklist
    public var rules: [String: String]

    /// Checks the data's own promises: 35 criteria numbered 1–35 with a degree each, 6 objective criteria,
    /// 19 checklist requirements pointing at criteria 1–19. A broken data file is refused, not used.
    public func validate() throws(RiskError) {
        guard subjective.map(\.number).sorted() == Array(1...35) else { throw .invalidData("subjective criteria must be numbered 1–35") }
        guard subjective.allSatisfy({ [.gross, .significant, .minor].contains($0.severity) }) else {
            throw .invalidData("every subjective criterion must be gross, significant or minor")
        }
        guard objective.map(\.number).sorted() == Array(1...6) else { throw .invalidData("objective criteria must be numbered 1–6") }
        guard checklist.requirements.map(\.criterion).sorted() == Array(1...19) else {
            throw .invalidData("the checklist's requirements must be criteria 1–19")
        }
    }
}

public enum RiskError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidData(String)
    case actNotInForce(String)
    /// A date the assessment cannot work with (its approval date would fall after 9999-12-31): an input error.
    case dateOutOfRange(String)

    /// The contracts' error code (docs/reference/README.md): what the adapters answer with.
    public var code: String {
        switch self {
        case .invalidData: return "invalid_data"
        case .actNotInForce: return "act_not_in_force"
        case .dateOutOfRange: return "invalid_input"
        }
    }

    public var description: String {
        switch self {
        case .invalidData(let s): return "invalid risk criteria data: \(s)"
        case .actNotInForce(let s), .dateOutOfRange(let s): return s
        }
    }
}
