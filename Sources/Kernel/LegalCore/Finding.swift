/// A finding: what a check concluded about one subject (an application, a body, a document), why, and
/// under which rules. Constructed only with at least one citation (docs/architecture.md rule 1).
public struct Finding: Hashable, Sendable {
    /// The subject's id (an application id in `rasim check`).
    public var subject: String
    /// The finding code, e.g. `term_breach` (docs/reference/check.md).
    public var code: String
    public var severity: Severity
    /// `reception`, `review` or `decision` for public services; free for other acts.
    public var stage: String?
    public private(set) var citation: [Citation]
    public var due: LocalDate?
    public var actual: LocalDate?
    public var lateWorkingDays: Int?
    public var message: LocalizedText
    public var explanation: Explanation
    /// Set when a correction recorded later removed the ground of this finding: the finding is kept (what was
    /// first recorded is evidence), marked with the correcting event (its number) and its reason.
    public struct Correction: Hashable, Sendable {
        public var event: Int
        public var reason: String
        public init(event: Int, reason: String) { self.event = event; self.reason = reason }
    }
    public var correction: Correction?
    /// False when the criteria that grade it were not yet in force on the day it concerns (the severity is
    /// then a retroactive classification; docs/reference/check.md v1.1); nil when they were.
    public var criteriaInForce: Bool?
    /// The unconfirmed calendar days its receipt day, due day or lateness count rests on (docs/reference/check.md v1.1).
    public var unconfirmedDays: [LocalDate] = []

    public init(subject: String, code: String, severity: Severity, stage: String?, citation: [Citation],
                due: LocalDate? = nil, actual: LocalDate? = nil, lateWorkingDays: Int? = nil,
                message: LocalizedText, explanation: Explanation) {
        precondition(!citation.isEmpty, "a finding without a citation is not a finding (\(code))")
        self.subject = subject; self.code = code; self.severity = severity; self.stage = stage
        self.citation = citation; self.due = due; self.actual = actual; self.lateWorkingDays = lateWorkingDays
        self.message = message; self.explanation = explanation
    }
}

/// The explanation trace of a finding: what was due, from which event, under which rule and counting
/// conventions, what happened, and by how much it was late — what a lawyer reads before signing.
public struct Explanation: Hashable, Sendable {
    /// The rule applied and its citation.
    public var rule: Citation
    /// What the rule requires, in words.
    public var requirement: LocalizedText
    /// The event the term ran from (e.g. "received 2025-03-03 10:12 → receipt day 2025-03-03").
    public var fromEvent: String?
    /// How the deadline was counted, when there was one.
    public var deadline: Deadline?
    /// What actually happened (e.g. "result issued 2025-03-11").
    public var happened: String?
    /// Working days late, when the finding is about lateness.
    public var lateWorkingDays: Int?

    public init(rule: Citation, requirement: LocalizedText, fromEvent: String? = nil, deadline: Deadline? = nil,
                happened: String? = nil, lateWorkingDays: Int? = nil) {
        self.rule = rule; self.requirement = requirement; self.fromEvent = fromEvent; self.deadline = deadline
        self.happened = happened; self.lateWorkingDays = lateWorkingDays
    }
}
