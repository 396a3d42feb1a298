/// The dated provisions of the acts Rasim implements (`Provision`): which paragraphs were reworded, by which
/// act, from when, and whether Rasim holds the wording. The windows follow the contracts that fix them
/// (`docs/reference/supervision.md` "Validity", `docs/reference/documents.md` "Validity and wordings"); an amending act
/// whose commencement the seed does not give has an uncertain window whose end is an assumption to confirm.
/// Paragraphs not listed kept their original wording for the act's whole life.
extension Acts {
    /// The registry of `act`'s provisions (empty for an act never amended). Built and checked once.
    public static func provisions(_ act: ActID) -> ProvisionRegistry? { registries[act] }

    static let registries: [ActID: ProvisionRegistry] = {
        var out: [ActID: ProvisionRegistry] = [:]
        for act in implemented {
            // A registry that does not hold together is a programming error in the data below, caught by the
            // registry test on every run; it never reaches a user.
            do { out[act.id] = try ProvisionRegistry(act: act, provisionData[act.id] ?? []) } catch {
                preconditionFailure("provisions of \(act.id): \(error)")
            }
        }
        return out
    }()

    static var provisionData: [ActID: [Provision]] {
        [.prosecAdm2015: prosecAdm2015, .modelReg2008: modelReg2008]
    }

    private static func day(_ s: String) -> LocalDate { LocalDate(s)! }

    /// The wording an amendment gave, held by Rasim: uncertain from `uncertainFrom` until `judgedFrom` (the amending
    /// act's commencement is not in the seed), then in force to the act's end (its own repeal window included).
    private static func amended(_ act: Act, _ place: String, by amendment: String, uncertainFrom: LocalDate, judgedFrom: LocalDate,
                                note: String) -> Provision.Wording {
        let repealWindow = act.validity.uncertain.filter { r in act.validity.until.map { r.from <= $0 } ?? true && r.from >= judgedFrom }
        return .init(validity: Validity(from: uncertainFrom, until: act.validity.until,
                                        uncertain: [UncertainRange(from: uncertainFrom, until: judgedFrom, note: note)] + repealWindow),
                     citation: Citation(act.id, "\(place) (\(amendment))"), held: true)
    }

    /// A paragraph reworded once: the earlier wording (not held) until the amendment's window, then the amendment's.
    private static func reworded(_ act: Act, _ place: String, by amendment: String, uncertainFrom: LocalDate, judgedFrom: LocalDate,
                                 original: String, note: String) -> Provision {
        Provision(act: act.id, place: place, wordings: [
            .init(validity: Validity(from: act.validity.from, until: uncertainFrom), citation: Citation(act.id, "\(place) (\(original))"), held: false),
            amended(act, place, by: amendment, uncertainFrom: uncertainFrom, judgedFrom: judgedFrom, note: note),
        ])
    }

    /// A paragraph an amendment added: nothing before its window.
    private static func added(_ act: Act, _ place: String, by amendment: String, uncertainFrom: LocalDate, judgedFrom: LocalDate, note: String) -> Provision {
        Provision(act: act.id, place: place, wordings: [amended(act, place, by: amendment, uncertainFrom: uncertainFrom, judgedFrom: judgedFrom, note: note)])
    }

    /// PROSEC-ADM-2015: Order No. 20 of 29 Jan 2016 reworded §6, 7, 9, 10, 11, 14, 15, 17, 18, 22, 23, 26, 27, 28,
    /// ten calendar days after its first publication, whose date the sources do not give (supervision.md: the
    /// 2015 wording to 2016-02-08, uncertain 2016-02-09 – 2016-03-31, the 2016 wording from 2016-04-01).
    static var prosecAdm2015: [Provision] {
        guard let act = find(.prosecAdm2015) else { return [] }
        let note = "Order No. 20 of 29 Jan 2016 took effect ten calendar days after its first official publication, whose date is not in the seed: from 9 Feb 2016 at the earliest; 1 Apr 2016 is the project's assumption (docs/reference/supervision.md)"
        return ["§6", "§7", "§9", "§10", "§11", "§14", "§15", "§17", "§18", "§22", "§23", "§26", "§27", "§28"].map {
            reworded(act, $0, by: "Order No. 20 of 29.01.2016", uncertainFrom: day("2016-02-09"), judgedFrom: day("2016-04-01"),
                     original: "Order No. 40 of 11.03.2015", note: note)
        }
    }

    /// MODEL-REG-2008: the wordings of docs/reference/documents.md's table, and Decree No. 1195 of 31 Dec 2015
    /// (docs/acts.md §5), whose commencement is not in the seed either.
    static var modelReg2008: [Provision] {
        guard let act = find(.modelReg2008) else { return [] }
        func note(_ decree: String, _ from: String, _ to: String) -> String {
            "\(decree)'s entry into force is not in the seed: from \(from) at the earliest; \(to) is the project's assumption (docs/reference/documents.md)"
        }
        var out: [Provision] = [
            reworded(act, "§9", by: "Decree 931 of 2010", uncertainFrom: day("2010-09-13"), judgedFrom: day("2010-11-01"),
                     original: "Decree 289 of 26.03.2008, as amended by Decree 2305 of 2009", note: note("Decree 931 of 2010", "2010-09-13", "2010-11-01")),
            reworded(act, "§15", by: "Decree 34 of 2012", uncertainFrom: day("2012-01-13"), judgedFrom: day("2012-03-01"),
                     original: "Decree 289 of 26.03.2008", note: note("Decree 34 of 2012", "2012-01-13", "2012-03-01")),
        ]
        out += ["§29-1", "§29-2", "§29-3", "§29-4", "§29-5"].map {
            added(act, $0, by: "Decree 346 of 27.04.2015", uncertainFrom: day("2015-04-27"), judgedFrom: day("2015-07-01"),
                  note: note("Decree 346 of 27 Apr 2015", "2015-04-27", "2015-07-01"))
        }
        out += ["§13", "§14", "§19", "§21", "§22", "§23"].map {
            reworded(act, $0, by: "Decree 1119 of 29.12.2015", uncertainFrom: day("2015-12-29"), judgedFrom: day("2016-03-01"),
                     original: "earlier wording", note: note("Decree 1119 of 29 Dec 2015", "2015-12-29", "2016-03-01"))
        }
        // Decree 1195 of 31 Dec 2015: its commencement is not in the seed; from its date + 11 days at the earliest,
        // and the same assumed end as Decree 1119's (to confirm).
        out += ["§3", "§11", "§18", "§20", "§30", "§31", "§38"].map {
            reworded(act, $0, by: "Decree 1195 of 31.12.2015", uncertainFrom: day("2016-01-11"), judgedFrom: day("2016-03-01"),
                     original: "earlier wording", note: note("Decree 1195 of 31 Dec 2015", "2016-01-11", "2016-03-01"))
        }
        return out
    }
}
