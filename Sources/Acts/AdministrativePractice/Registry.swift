import LegalCore
import WorkCalendar

/// §8 and App.1 (the list of procedures), §5.2, §9 and App.2 (the instruction of each), §11 (placed in the
/// knowledge base), §13 (updated within three months of a change of the procedure's order), §5.3 and §7 (model
/// forms of acts where the law gives none).
enum Registry {
    /// App.2's rows an instruction must fill: all but 8 ("if any"), 15 and 16 (specifics, where they exist) — a
    /// reading (docs/reference/practice.md). The unnumbered title row is kept and shown, not judged.
    static let requiredRows = (1...16).filter { ![8, 15, 16].contains($0) }

    static func judge(_ p: Procedure, path: String, _ ctx: inout Context) throws(PracticeError) {
        let asOf = ctx.asOf
        guard p.listedOn <= asOf else { return }  // §8: a procedure counts from its listing
        if p.publicService {
            ctx.add(p.id, .publicServiceInRegistry, ["procedure": "\(p.id)"])
            return
        }
        let emptyColumns = (1...8).filter { !given(p.app1[$0]) }
        if !emptyColumns.isEmpty {
            ctx.add(p.id, .registryEntryIncomplete, ["procedure": "\(p.id)", "missing": listed(emptyColumns)]) { $0.missing = emptyColumns }
        }
        // The current instruction: the latest approved by asOf.
        let approved = p.instructions.filter { $0.approvedOn <= asOf }.sorted { $0.approvedOn < $1.approvedOn }
        if let current = approved.last {
            let emptyRows = requiredRows.filter { !given(current.app2[String($0)]) }
            if !emptyRows.isEmpty {
                ctx.add(p.id, .instructionIncomplete, ["procedure": "\(p.id)", "version": "\(current.version)", "missing": listed(emptyRows)]) {
                    $0.version = current.version; $0.missing = emptyRows
                }
            }
            if !current.approver.isHead {
                ctx.add(p.id, .instructionNotApprovedByHead, ["procedure": "\(p.id)", "version": "\(current.version)", "role": .init(current.approver.label)]) {
                    $0.version = current.version
                }
            }
            if current.placedOn.map({ $0 > asOf }) ?? true {
                ctx.add(p.id, .instructionNotPlaced, ["procedure": "\(p.id)", "version": "\(current.version)"]) { $0.version = current.version }
            }
        } else {
            // The decree sets no term for the first instruction: reported while missing.
            ctx.add(p.id, .instructionMissing, ["procedure": "\(p.id)"])
        }
        try actualization(p, approved: approved, path: path, &ctx)
        if p.actFormInLaw == false, !p.modelForms.contains(where: { $0 <= asOf }) {
            ctx.add(p.id, .modelActFormMissing, ["procedure": "\(p.id)"])
        }
    }

    /// §13: within three months from the day the order changed — for each change after which a version approved
    /// before it has to be brought up to date. Due: the same day-number three months later (the month's last day
    /// when it has none), a non-working day moving to the next working day; a change before the decree counts
    /// from 28 Feb 2025 (a reading). Met by the first version approved on or after the change.
    static func actualization(_ p: Procedure, approved: [Instruction], path: String, _ ctx: inout Context) throws(PracticeError) {
        let asOf = ctx.asOf
        for (k, changed) in p.orderChanges.enumerated().sorted(by: { $0.element < $1.element }) where changed <= asOf {
            guard approved.contains(where: { $0.approvedOn < changed }) else { continue }
            let start = max(changed, Practice.inForceFrom)
            let due = try ctx.movedToWorkingDay(start.addingMonths(3), path: path + ".orderChanges[\(k)]")
            let values: [String: MessageTemplate.Value] = ["procedure": "\(p.id)", "changed": "\(changed)", "due": "\(due)"]
            if let met = approved.first(where: { $0.approvedOn >= changed }) {
                ctx.checkRecorded(.version(p.id, met.version), claimed: met.approvedOn, due: due, subject: p.id, .recordedVersion,
                                  values.merging(["version": "\(met.version)"]) { a, _ in a }, citation: PracticeCode.actualizationTermBreach.citations)
                guard met.approvedOn > due else { continue }
                let late = Context.days(due, met.approvedOn)
                ctx.add(p.id, .actualizationLate, values.merging(["actual": "\(met.approvedOn)", "late": "\(late)"]) { a, _ in a }) {
                    $0.changedOn = changed; $0.due = due; $0.actual = met.approvedOn; $0.lateDays = late
                }
            } else if asOf > due {
                ctx.owe(p.id, .actualization, due: due, changedOn: changed)
                let late = Context.days(due, asOf)
                ctx.add(p.id, .actualizationOverdue, values.merging(["asOf": "\(asOf)", "late": "\(late)"]) { a, _ in a }) {
                    $0.changedOn = changed; $0.due = due; $0.lateDays = late
                }
            } else {
                ctx.owe(p.id, .actualization, due: due, changedOn: changed)
                guard ctx.approaching(due) else { continue }
                ctx.add(p.id, .approachingActualization, values, citation: PracticeCode.actualizationTermBreach.citations) {
                    $0.changedOn = changed; $0.due = due
                }
            }
        }
    }
}

extension Instruction.Approver {
    /// Who approved it, in words (the messages).
    public var label: LocalizedText {
        switch self {
        case .head: return LocalizedText(kk: "басшы", ru: "руководитель", en: "head")
        case .actingHead: return LocalizedText(kk: "басшының міндетін атқарушы", ru: "исполняющий обязанности руководителя", en: "acting head")
        case .deputyHead: return LocalizedText(kk: "басшының орынбасары", ru: "заместитель руководителя", en: "deputy head")
        case .apparatusHead: return LocalizedText(kk: "аппарат басшысы", ru: "руководитель аппарата", en: "head of the apparatus")
        case .other: return LocalizedText(kk: "өзге лауазымды адам", ru: "иное должностное лицо", en: "another official")
        }
    }
}

extension LocalDate {
    /// The same day-number `n` months later, or that month's last day when it has no such day.
    func addingMonths(_ n: Int) -> LocalDate {
        let total = year * 12 + (month - 1) + n
        let y = total / 12, m = total % 12 + 1
        return LocalDate(year: y, month: m, day: min(day, LocalDate.daysInMonth(year: y, month: m)))!
    }
}
