import LegalCore

/// When the registry learnt of a dated fact — Rasim's rule of evidence, not a paragraph of the decree.
///
/// The dates a body records — a knowledge-base review held (§11), a report submitted (§16), an instruction version
/// approved (§13) — are its own statements, and so is a year's target (§5.7), which can only be judged once set. One entered only after the term it meets had run out would otherwise
/// erase, silently, a finding already made (those audited must never be able to erase their findings). Such a fact
/// still counts — the decree asks for the act, not for its record — but it carries the warning
/// `recorded_after_term`, citing the duty's paragraph, for the inspector to check against the document. The day of
/// entry is the server's, kept per fact when it is first stored; facts stored before it was kept have none and are
/// taken as they stand, and so are those of a body's first stored state (its records as it had them when it began
/// keeping them here; the audit log keeps that day). `rasim practice FILE` has no entry days: its input is the body's
/// own file.
public struct RecordedFact: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case review, report, version, target }
    public var kind: Kind
    /// The review's day, the report's period, the procedure and the version (`procedure/version`), or a year's
    /// target with its value (`2025=20`: a changed target is a new fact).
    public var key: String

    public init(_ kind: Kind, _ key: String) { self.kind = kind; self.key = key }
    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":"), let kind = Kind(rawValue: String(text[..<colon])) else { return nil }
        self.init(kind, String(text[text.index(after: colon)...]))
    }
    /// `review:2025-09-30`, `report:2025-06`, `version:P-1/2`, `target:2025=20` — how the store keys it.
    public var description: String { "\(kind.rawValue):\(key)" }

    static func version(_ procedure: String, _ version: String) -> RecordedFact { .init(.version, procedure + "/" + version) }
    static func target(_ t: Target) -> RecordedFact { .init(.target, "\(t.year)=\(t.percent)") }
}

extension Body {
    /// The dated facts of this state, each once.
    public var facts: Set<RecordedFact> {
        var out = Set(knowledgeBaseReviews.map { RecordedFact(.review, $0.description) })
        out.formUnion(reports.map { RecordedFact(.report, $0.period.description) })
        for p in procedures { out.formUnion(p.instructions.map { RecordedFact.version(p.id, $0.version) }) }
        out.formUnion(targets.map(RecordedFact.target))
        return out
    }

    /// The facts this state adds to `earlier`: what the store stamps with the day they were entered.
    public func newFacts(since earlier: Body) -> [RecordedFact] {
        facts.subtracting(earlier.facts).sorted { $0.description < $1.description }
    }
}

extension Context {
    /// The warning for a fact that meets a term (`claimed` on or before `due`) but was entered after it.
    mutating func checkRecorded(_ fact: RecordedFact, claimed: LocalDate, due: LocalDate, subject: String, _ message: Message,
                                _ values: [String: MessageTemplate.Value], citation: [Citation]) {
        guard claimed <= due, let entered = recorded[fact], entered > due else { return }
        add(subject, message, values.merging(["claimed": "\(claimed)", "recorded": "\(entered)", "due": "\(due)"]) { _, new in new },
            citation: citation) { $0.due = due; $0.actual = claimed }
    }
}
