import LegalCore

/// The act's parameters as dated data, each version with its citation and validity (issue 13): a change of a
/// term is a new version from its date, and a rule takes the version in force on its relevant date.
public enum Parameters {
    /// The term to answer a complaint, from its registration: 5 working days (the Law on public services, as
    /// PS-RISK-2023 App.1 #17 and #21 state it). Relevant date: the day the complaint was registered.
    public static let complaintTerm: Versioned<Term> = versioned([
        .init(validity: Validity(from: LocalDate(year: 2013, month: 4, day: 15)!), value: .workingDays(5),
              citation: Citation("PS-LAW-2013", "complaint review term (5 working days, as PS-RISK-2023 App.1 #17 and #21 state it)")),
    ])

    /// The complaint term in force on `day`; nil only before the Law on public services (a test keeps the whole
    /// calendar inside its versions).
    public static func complaintTerm(on day: LocalDate) -> Term? { try? complaintTerm.inForce(on: day).value }

    /// Versions that do not overlap: checked here once, and by the parameters test on every run.
    static func versioned<T>(_ versions: [Versioned<T>.Version]) -> Versioned<T> {
        do { return try Versioned(versions) } catch { preconditionFailure("parameter versions overlap: \(error)") }
    }
}
