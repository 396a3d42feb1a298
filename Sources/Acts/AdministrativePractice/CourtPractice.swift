import LegalCore

/// App.3: one row per court case, 13 columns — and what a case decided in force means for the body (§5.7, §13).
enum CourtPractice {
    /// A case as of `asOf`: final when it entered into force by then, with the outcome of the highest instance
    /// decided by then and `finalOn` the later of the two days.
    struct Known {
        var filed: CourtCase
        var decisions: [CourtCase.Decision]
        var finalOn: LocalDate?
        var outcome: CourtCase.Outcome?
        /// Lost: final against the body — a claim met even in part counts as the act found illegal
        /// («заңсыз деп танылған»; a reading).
        var lost: Bool { finalOn != nil && outcome == .againstBody }
    }

    /// A case as it stands on `asOf`.
    static func known(_ c: CourtCase, asOf: LocalDate) -> Known {
        let decisions = c.decisions.filter { $0.date <= asOf }
        var k = Known(filed: c, decisions: decisions)
        if let inForce = c.inForceOn, inForce <= asOf, let highest = decisions.last {
            k.finalOn = max(inForce, highest.date)
            k.outcome = highest.outcome
        }
        return k
    }

    /// In proceedings in a report's period (§16, App.4): filed by its end, not final before its start.
    static func inProceedings(_ k: Known, _ period: HalfYear) -> Bool {
        k.filed.filedOn <= period.to && (k.finalOn.map { $0 >= period.from } ?? true)
    }

    static func judge(_ body: Body, _ ctx: inout Context) -> [Known] {
        let asOf = ctx.asOf
        var out: [Known] = []
        for c in body.courtCases where c.filedOn <= asOf {
            let k = known(c, asOf: asOf)
            out.append(k)
            // Columns left empty: 4 (the act), 5 (the pre-trial review, when held), 6 (the claim), 7–9 (each decision
            // given by asOf), 13 (the private rulings and what the body did).
            var missing: [Int] = []
            if !given(c.actName) || !given(c.actContent) || c.actAdoptedOn == nil { missing.append(4) }
            if c.pretrialHeld, !given(c.pretrialBy) || !given(c.pretrialAct) || !given(c.pretrialReason) { missing.append(5) }
            if !given(c.claim) { missing.append(6) }
            for (column, d) in [(7, c.firstInstance), (8, c.appeal), (9, c.cassation)] {
                if let d, d.date <= asOf, !given(d.caseNumber) || !given(d.content) { missing.append(column) }
            }
            if c.privateRulings.contains(where: { !given($0.content) || !given($0.action) }) { missing.append(13) }
            if !missing.isEmpty {
                ctx.add(c.id, .courtCaseIncomplete, ["case": "\(c.id)", "missing": listed(missing)]) { $0.missing = missing }
            }
            // A lost case needs its reasons and measures (columns 10–12; required for lost cases only, a reading);
            // the decree sets no term for them: reported while missing.
            if k.lost {
                let empty = [(10, c.annulmentReasons), (11, c.preventiveMeasures), (12, c.causeMeasures)].filter { !given($0.1) }.map(\.0)
                if !empty.isEmpty {
                    ctx.add(c.id, .lostCaseMeasuresMissing, ["case": "\(c.id)", "missing": listed(empty)]) { $0.missing = empty }
                }
            }
        }
        return out
    }
}

/// §16, App.3, App.4: the semi-annual generalization report to the Ministry of Justice, due by 10 June and by
/// 10 December — the day itself on time, a non-working day moving to the next working day (a reading:
/// «…дейінгі мерзімде» settles neither).
enum Reporting {
    static func reports(_ body: Body, cases: [CourtPractice.Known], _ ctx: inout Context) throws(PracticeError) -> [PracticeResult.ReportRow] {
        let asOf = ctx.asOf
        var out: [PracticeResult.ReportRow] = []
        var period = HalfYear.first
        while true {
            let due = try ctx.movedToWorkingDay(period.nominalDue, path: ctx.path + ".reports")
            let submitted = body.reports.first { $0.period == period && $0.submittedOn <= asOf }?.submittedOn
            let status: PracticeResult.ReportStatus
            let values: [String: MessageTemplate.Value] = ["period": "\(period)", "due": "\(due)"]
            if let submitted {
                status = submitted <= due ? .onTime : .late
                ctx.checkRecorded(RecordedFact(.report, period.description), claimed: submitted, due: due, subject: period.description,
                                  .recordedReport, values, citation: PracticeCode.reportTermBreach.citations)
                if status == .late {
                    let late = Context.days(due, submitted)
                    ctx.add(period.description, .reportLate, values.merging(["actual": "\(submitted)", "late": "\(late)"]) { a, _ in a }) {
                        $0.due = due; $0.actual = submitted; $0.lateDays = late
                    }
                }
            } else if asOf > due {
                status = .overdue
                ctx.owe(period.description, .report, due: due)
                let late = Context.days(due, asOf)
                ctx.add(period.description, .reportOverdue, values.merging(["asOf": "\(asOf)", "late": "\(late)"]) { a, _ in a }) {
                    $0.due = due; $0.lateDays = late
                }
            } else {
                status = .pending
                ctx.owe(period.description, .report, due: due)
                if ctx.approaching(due) {
                    ctx.add(period.description, .approachingReport, values, citation: PracticeCode.reportTermBreach.citations) { $0.due = due }
                }
            }
            // In proceedings in the period: filed by its end, not final before its start. Decisions of any
            // instance dated in it.
            let inProceedings = cases.filter { CourtPractice.inProceedings($0, period) }
            let decisions = cases.flatMap(\.decisions).filter { period.from <= $0.date && $0.date <= period.to }
            var fields: [String] = []
            for f in inProceedings.map(\.filed.field) where !fields.contains(f) { fields.append(f) }
            out.append(.init(body: body.id, period: period, due: due, submittedOn: submitted, status: status,
                             casesInProceedings: inProceedings.count,
                             decisionsForBody: decisions.filter { $0.outcome == .forBody }.count,
                             decisionsAgainstBody: decisions.filter { $0.outcome == .againstBody }.count,
                             fields: fields.sorted(by: byCodePoint)))
            // Listed through the first period whose 10 June / 10 December is on or after asOf.
            if period.nominalDue >= asOf { break }
            period = period.next
        }
        return out
    }
}

/// §5.7: a yearly decrease of the share of acts courts find illegal. The decree names no base (a reading): per
/// year of `finalOn`, lost ÷ final cases decided for or against the body. Each year from 2025 to asOf's needs a
/// target below the previous year's share (equal allowed only at 0; no previous share, no test).
enum Indicator {
    static func rows(_ body: Body, cases: [CourtPractice.Known], _ ctx: inout Context) -> [PracticeResult.IndicatorRow] {
        func counts(_ year: Int) -> (decided: Int, lost: Int) {
            let final = cases.filter { $0.finalOn?.year == year && ($0.outcome == .forBody || $0.outcome == .againstBody) }
            return (final.count, final.filter(\.lost).count)
        }
        func share(_ year: Int) -> Rational? {
            let c = counts(year)
            return c.decided == 0 ? nil : Rational(c.lost * 100, c.decided)
        }
        var out: [PracticeResult.IndicatorRow] = []
        guard ctx.asOf.year >= 2025 else { return out }
        for year in 2025...ctx.asOf.year {
            let c = counts(year), s = share(year), previous = share(year - 1)
            let target = body.targets.first { $0.year == year }?.percent
            let met: Bool? = year < ctx.asOf.year ? target.flatMap { t in s.map { $0 <= t } } : nil
            out.append(.init(body: body.id, year: year, decided: c.decided, illegal: c.lost, share: s, target: target, previousShare: previous, met: met))
            guard let target else {
                ctx.add(String(year), .targetIndicatorMissing, ["year": "\(year)"])
                continue
            }
            // A target set (or changed) only after its year ended: judged as set, with the warning of `RecordedFact`.
            let yearEnd = LocalDate(year: year, month: 12, day: 31)!
            ctx.checkRecorded(.target(Target(year: year, percent: target)), claimed: yearEnd, due: yearEnd, subject: String(year), .recordedTarget,
                              ["year": "\(year)", "target": "\(target.display)"], citation: PracticeCode.targetIndicatorMissing.citations)
            if let previous, !(target < previous || (target == .zero && previous == .zero)) {
                ctx.add(String(year), .targetIndicatorNotDecreasing,
                        ["year": "\(year)", "target": "\(target.display)", "previous": "\(previous.display)"]) {
                    $0.targetPercent = target; $0.previousSharePercent = previous
                }
            }
        }
        return out
    }
}

extension Practice {
    /// The body's court cases in proceedings in `period`, as they stand on `asOf` (the rows of that period's App.3
    /// table; the same rule as the report's count).
    public static func casesInProceedings(_ body: Body, period: HalfYear, asOf: LocalDate) -> [CourtCase] {
        body.courtCases.filter { $0.filedOn <= asOf }.map { CourtPractice.known($0, asOf: asOf) }
            .filter { CourtPractice.inProceedings($0, period) }.map(\.filed)
    }
}
