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
        public init(from: LocalDate, to: LocalDate) { self.from = from; self.to = to }
        public func contains(_ d: LocalDate) -> Bool { from <= d && d <= to }
    }
    public var id: String
    public var maySign: Set<String>
    public var absences: [Absence]
    public init(id: String, maySign: Set<String>, absences: [Absence] = []) { self.id = id; self.maySign = maySign; self.absences = absences }
}
