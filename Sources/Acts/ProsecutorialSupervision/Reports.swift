import LegalCore

/// The reports the order asks for, and their fixed dates (a date on a non-working day moved to the next working day —
/// a reading): §20 the quarterly analysis by the 25th of the quarter's last month; §28 the monthly study by the 25th
/// and the regional report «тоқсандағы айдың келесі айының 5-ші күні» (read: the 5th of the month after the quarter);
/// §7 the reconciliation of lists «every quarter» (read: by the quarter's last day). Only §20 was left unamended in 2016.
enum Reports {
    static func nominalDue(_ kind: Report.Kind, _ period: Period) -> LocalDate {
        switch (kind, period) {
        case (.monthlyStudy, .month(let y, let m)): return LocalDate(year: y, month: m, day: 25)!
        case (.monthlyStudy, .quarter(let y, let n)): return LocalDate(year: y, month: n * 3, day: 25)!
        case (.quarterlyAnalysis, .quarter(let y, let n)): return LocalDate(year: y, month: n * 3, day: 25)!
        case (.regionalReport, .quarter(let y, let n)): return n == 4 ? LocalDate(year: y + 1, month: 1, day: 5)! : LocalDate(year: y, month: n * 3 + 1, day: 5)!
        case (.reconciliation, .quarter(let y, let n)): return LocalDate(year: y, month: n * 3, day: LocalDate.daysInMonth(year: y, month: n * 3))!
        case (_, .month(let y, let m)): return LocalDate(year: y, month: m, day: 25)!
        }
    }

    static func citation(_ kind: Report.Kind) -> [Citation] {
        switch kind {
        case .quarterlyAnalysis: return cite("§20")
        case .monthlyStudy, .regionalReport: return cite("§28")
        case .reconciliation: return cite("§7")
        }
    }

    /// Whether a day's status lets the kind be judged.
    static func allows(_ kind: Report.Kind, _ status: ValidityStatus) -> Bool {
        status == .inForce || (status.unamendedOnly && kind == .quarterlyAnalysis)
    }

    static func judge(_ r: Report, _ ctx: inout Context) throws(SupervisionError) -> SupervisionResult.ReportRow {
        let nominal = nominalDue(r.kind, r.period)
        let status = ValidityStatus.of(nominal)
        var row = SupervisionResult.ReportRow(id: r.id, validity: status, due: nil)
        if status != .inForce { ctx.marker(.report, r.id, status) }
        guard allows(r.kind, status) else { return row }
        let due = try ctx.moved(nominal)
        row.due = due
        try ctx.term(.report, r.id, .report, due: due, done: r.submittedOn, citation: citation(r.kind), workingDays: false)
        return row
    }

    /// Per kind, the earliest period whose due is on or after asOf; nil where the status of its nominal date does not
    /// allow the kind.
    static func schedule(_ ctx: inout Context) throws(SupervisionError) -> [(kind: Report.Kind, next: SupervisionResult.Scheduled?)] {
        var out: [(kind: Report.Kind, next: SupervisionResult.Scheduled?)] = []
        for kind in Report.Kind.allCases {
            let shape: Period = kind == .monthlyStudy ? .month(year: 2000, month: 1) : .quarter(year: 2000, number: 1)
            // From two periods before asOf's: a report of the last period may still be due (the regional report).
            var p = shape.containing(LocalDate(dayNumber: ctx.asOf.dayNumber - 200))
            var found: SupervisionResult.Scheduled?
            for _ in 0..<12 {
                let nominal = nominalDue(kind, p)
                let due = try ctx.moved(nominal)
                if due >= ctx.asOf {
                    found = allows(kind, ValidityStatus.of(nominal)) ? .init(period: p, due: due) : nil
                    break
                }
                p = p.next
            }
            out.append((kind, found))
        }
        return out
    }
}
