import LegalCore
import WorkCalendar

/// A service passport: what the service's rules (its standard) fix — the terms, the documents, the
/// schedule. PS-VIOLATIONS-2025 judges every stage against it.
public struct ServicePassport: Sendable {
    public enum PermitCategory: String, Sendable, CaseIterable { case none, first, second }

    public var id: String
    public var name: LocalizedText
    /// The term of delivery, counted from the receipt day (not counted).
    public var term: Term
    /// The term to refuse to consider an incomplete package (PS-VIOLATIONS-2025 Stage II case 10), if the
    /// service's rules set one.
    public var refusalTerm: Term?
    /// Whether the hearing procedure (APPK; PS-VIOLATIONS-2025 Stage III case 13) must precede a refusal.
    public var hearingRequired: Bool
    public var free: Bool
    public var permitCategory: PermitCategory
    public var requiredDocuments: [String]
    /// Documents the provider must obtain itself from information systems (never demand from applicants).
    public var obtainedFromSystems: [String]
    public var schedule: OfficeSchedule
    /// Whether applicants are served in queue order (housing from the state fund, PS-VIOLATIONS-2025 Stage II case 6).
    public var queue: Bool
    /// The closed list of grounds the service's rules allow a refusal to name (Law on public services Art. 19-1(2)
    /// and the service's rules; docs/reference/check.md v1.1); nil when the passport lists none (v1 behaviour).
    public var refusalGrounds: [ListedGround]?
    /// Later wordings of the passport, each in force from its day until the next one's (this passport's own
    /// fields apply before the first): the version in force on an application's receipt day governs it.
    public var versions: [Version] = []

    /// A ground a refusal may name.
    public struct ListedGround: Sendable, Hashable {
        public var id: String
        public var text: LocalizedText
        public var citation: String?
        public init(id: String, text: LocalizedText, citation: String? = nil) { self.id = id; self.text = text; self.citation = citation }
    }

    /// A wording of the passport in force from `from`.
    public struct Version: Sendable {
        public var from: LocalDate
        public var passport: ServicePassport
        public init(from: LocalDate, passport: ServicePassport) { self.from = from; self.passport = passport }
    }

    /// The passport in force on `day` (PS-VIOLATIONS-2025 Stage III case 11: decisions use the rule in force at
    /// the relevant date): the last version from on or before `day`, else this one.
    public func inForce(on day: LocalDate) -> ServicePassport {
        versions.last { $0.from <= day }?.passport ?? self
    }

    public init(id: String, name: LocalizedText, term: Term, refusalTerm: Term? = nil, hearingRequired: Bool = false,
                free: Bool = true, permitCategory: PermitCategory = .none, requiredDocuments: [String] = [],
                obtainedFromSystems: [String] = [], schedule: OfficeSchedule, queue: Bool = false) {
        self.id = id; self.name = name; self.term = term; self.refusalTerm = refusalTerm
        self.hearingRequired = hearingRequired; self.free = free; self.permitCategory = permitCategory
        self.requiredDocuments = requiredDocuments; self.obtainedFromSystems = obtainedFromSystems
        self.schedule = schedule; self.queue = queue
    }
}

/// An official and the services they may sign; absences (leave, sick leave, business trips) are
/// inclusive date ranges in the provider's local time.
public struct Official: Sendable {
    public struct Absence: Sendable, Hashable {
        public var from: LocalDate
        public var to: LocalDate
        public var kind: AbsenceKind
        public init(from: LocalDate, to: LocalDate, kind: AbsenceKind = .leave) { self.from = from; self.to = to; self.kind = kind }
        public func contains(_ d: LocalDate) -> Bool { from <= d && d <= to }
    }
    public var id: String
    public var maySign: Set<String>
    public var absences: [Absence]
    public init(id: String, maySign: Set<String>, absences: [Absence] = []) { self.id = id; self.maySign = maySign; self.absences = absences }
}

/// The kinds of absence (docs/reference/check.md v1.1): during a `business_trip` the official still signs with their
/// own key; leave, sick leave and other absences bar signing (PS-VIOLATIONS-2025 Stage III case 15 is annual
/// leave). An absence without a kind is leave.
public enum AbsenceKind: String, CaseIterable, Sendable {
    case leave, sickLeave = "sick_leave", businessTrip = "business_trip", other
    public var barsSigning: Bool { self != .businessTrip }
}
