/// A half-open validity range `[from, until)` of an act, a rule version or a parameter,
/// with the stretches where the law's own text leaves the date open marked as such.
///
/// docs/architecture.md rule 3: "Validity is data… the engine picks the version in force at the relevant date
/// and refuses dates it has no rules for, rather than guessing."
public struct Validity: Hashable, Sendable, Codable {
    public var from: LocalDate
    public var until: LocalDate?
    /// Sub-ranges in which whether the item applies is not known from the sources (e.g. an act that
    /// takes effect "ten calendar days after its first official publication" whose publication date
    /// is not in the seed). Dates in these ranges are answered `.uncertain`, never guessed.
    public var uncertain: [UncertainRange]

    public init(from: LocalDate, until: LocalDate? = nil, uncertain: [UncertainRange] = []) {
        self.from = from; self.until = until; self.uncertain = uncertain
    }

    public enum Status: Hashable, Sendable {
        case inForce
        case notYetInForce
        case noLongerInForce
        case uncertain(String)
    }

    public func status(on date: LocalDate) -> Status {
        if let u = uncertain.first(where: { $0.from <= date && date < $0.until }) { return .uncertain(u.note) }
        if date < from { return .notYetInForce }
        if let until, date >= until { return .noLongerInForce }
        return .inForce
    }

    public func contains(_ date: LocalDate) -> Bool { status(on: date) == .inForce }

    /// True when the two ranges share at least one day.
    public func overlaps(_ other: Validity) -> Bool {
        let aEnd = until?.dayNumber ?? Int32.max, bEnd = other.until?.dayNumber ?? Int32.max
        return from.dayNumber < bEnd && other.from.dayNumber < aEnd
    }
}

public struct UncertainRange: Hashable, Sendable, Codable {
    public var from: LocalDate
    public var until: LocalDate
    public var note: String
    public init(from: LocalDate, until: LocalDate, note: String) { self.from = from; self.until = until; self.note = note }
}

/// Successive versions of one rule or parameter. Construction refuses overlapping versions
/// (docs/architecture.md rule 7: an overlap nobody decided is an error, not an accident of order).
public struct Versioned<Value: Sendable>: Sendable {
    public struct Version: Sendable {
        public var validity: Validity
        public var value: Value
        public var citation: Citation
        public init(validity: Validity, value: Value, citation: Citation) {
            self.validity = validity; self.value = value; self.citation = citation
        }
    }
    public let versions: [Version]

    public init(_ versions: [Version]) throws(LegalError) {
        let sorted = versions.sorted { $0.validity.from < $1.validity.from }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.validity.overlaps(b.validity) {
            throw .overlappingVersions("versions in force from \(a.validity.from) and \(b.validity.from) overlap")
        }
        self.versions = sorted
    }

    /// The version in force on `date`; an error — never a guess — when none is, or when the sources
    /// leave it open.
    public func inForce(on date: LocalDate) throws(LegalError) -> Version {
        for v in versions {
            switch v.validity.status(on: date) {
            case .inForce: return v
            case .uncertain(let note): throw .uncertainValidity(date: date, note: note)
            default: continue
            }
        }
        throw .noVersionInForce(date: date)
    }
}

public enum LegalError: Error, Hashable, Sendable, CustomStringConvertible {
    case overlappingVersions(String)
    case noVersionInForce(date: LocalDate)
    case uncertainValidity(date: LocalDate, note: String)
    case actNotInForce(act: ActID, date: LocalDate, status: Validity.Status)
    case unknownAct(String)
    case invalidCitation(String)

    public var description: String {
        switch self {
        case .overlappingVersions(let s): return "overlapping rule versions: \(s)"
        case .noVersionInForce(let d): return "no version of the rule is in force on \(d)"
        case .uncertainValidity(let d, let note): return "whether the rule applies on \(d) is not known from the sources: \(note)"
        case .actNotInForce(let act, let d, let status):
            switch status {
            case .notYetInForce: return "\(act) is not yet in force on \(d)"
            case .noLongerInForce: return "\(act) is no longer in force on \(d) (repealed)"
            case .uncertain(let note): return "whether \(act) is in force on \(d) is not known: \(note)"
            case .inForce: return "\(act) is in force on \(d)"
            }
        case .unknownAct(let s): return "unknown act id \"\(s)\""
        case .invalidCitation(let s): return "invalid citation \"\(s)\": expected \"ACT-ID place\""
        }
    }
}
