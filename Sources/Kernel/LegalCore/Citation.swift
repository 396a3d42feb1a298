/// The short id of an act, as in docs/acts.md (`PS-RISK-2023`) or, for the acts Rasim relies on but does
/// not implement (the holiday law, the codes), an id of the same form listed in `Acts.referenced`.
public struct ActID: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(rawValue) }

    // The five acts Rasim implements (docs/acts.md).
    public static let admPractice2025: ActID = "ADM-PRACTICE-2025"
    public static let psViolations2025: ActID = "PS-VIOLATIONS-2025"
    public static let prosecAdm2015: ActID = "PROSEC-ADM-2015"
    public static let psRisk2023: ActID = "PS-RISK-2023"
    public static let modelReg2008: ActID = "MODEL-REG-2008"
}

/// Where a rule comes from: an act and a place in it, rendered `ACT-ID place`
/// (e.g. `PS-RISK-2023 App.1 #16`, `MODEL-REG-2008 §36`). Every rule, parameter and finding carries one.
public struct Citation: Hashable, Sendable, Codable, CustomStringConvertible {
    public let act: ActID
    public let place: String

    public init(_ act: ActID, _ place: String) {
        precondition(!place.isEmpty, "a citation needs a place in the act")
        self.act = act; self.place = place
    }

    /// Parses `ACT-ID place`: the act id is the text before the first space.
    public init(parsing text: String) throws(LegalError) {
        guard let space = text.firstIndex(of: " ") else { throw .invalidCitation(text) }
        let id = String(text[..<space]), place = String(text[text.index(after: space)...])
        guard !id.isEmpty, !place.trimmingSpaces.isEmpty else { throw .invalidCitation(text) }
        guard Acts.find(ActID(id)) != nil else { throw .unknownAct(id) }
        self.act = ActID(id); self.place = place
    }

    public var description: String { "\(act.rawValue) \(place)" }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try Citation(parsing: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }
    public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(description) }
}

extension String {
    var trimmingSpaces: Substring {
        let s = drop(while: { $0 == " " })
        return s.reversed().drop(while: { $0 == " " }).isEmpty ? "" : s
    }
}
