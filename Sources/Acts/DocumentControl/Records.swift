import LegalCore

/// When the register learnt of a dated fact — Rasim's rule of evidence, not a paragraph of the decree.
///
/// The dates a body records — a letter delivered, a document executed, a term extended, a draft's visas, a weekly list
/// made — are its own statements. One entered only after the term it meets had run out would otherwise erase, silently,
/// a finding already made (those audited must never be able to erase their findings). Such a fact still counts — the
/// decree asks for the act, not for its record — but it carries the warning `recorded_after_term`, citing the term's
/// paragraph, for the inspector to check against the document. The day of entry is the server's, kept with every item
/// and fact a stored register holds; a body's first stored state (its register as it had it when it began keeping it
/// here) is taken as it stands. `rasim documents FILE` has no entry days: its input is the body's own file.
///
/// `DocumentsInput.recorded` keys an entry as `<item id>.<field>` (`K-1.executedOn`, `D-1.revised`), an extension as
/// `<item id>.extension.<grantedOn>.<to>`, a monitoring summary as `monitoring.<month>`, a weekly list as
/// `controlService.<date>`, a collegium meeting as `collegium.<meeting id>`.
public enum RecordKey {
    public static func field(_ item: String, _ field: String) -> String { item + "." + field }
    public static func extensionOf(_ item: String, grantedOn: LocalDate, to: LocalDate) -> String { "\(item).extension.\(grantedOn).\(to)" }
    public static func summary(_ month: String) -> String { "monitoring." + month }
    public static func weeklyList(_ day: LocalDate) -> String { "controlService.\(day)" }
    public static func meeting(_ id: String) -> String { "collegium." + id }
}

extension Context {
    /// The warning for a fact (`entry`) that meets a term (`claimed` on or before `due`) but was entered after it;
    /// `code` is the term's, whose paragraph is cited.
    mutating func checkRecorded(_ entry: String?, code: DocumentCode, _ section: Section, _ subject: String, relevant: LocalDate,
                                claimed: LocalDate, due: LocalDate, period: String? = nil) {
        guard let entry, claimed <= due, let entered = recorded[entry], entered > due else { return }
        let message = Texts.recordedLate.render(["subject": "\(subject)", "what": .init(code.label), "claimed": "\(claimed)",
                                                 "recorded": "\(entered)", "due": "\(due)"])
        add(.recordedAfterTerm, section, subject, relevant: relevant, message: message) {
            $0.citation = code.citation
            $0.wording = Wording.of(code.places[0])
            $0.caveat = Validity.unpublishedAmendment.contains(code.places[0]) ? Validity.caveat : nil
            $0.due = due; $0.actual = claimed; $0.obligation = code; $0.period = period
        }
    }
}
