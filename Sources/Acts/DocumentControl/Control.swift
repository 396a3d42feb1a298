import LegalCore

/// Section 9 of the decree, control of execution: §31 the documents on control (`Controlled.Kind`), §32 the plan to
/// implement a President's act, §33 extensions, §34 the control term and the weekly lists, §36 the draft reply to the
/// leadership and the first head before the term.
enum Control {
    /// T, the control term: `term`, then each extension in `grantedOn` order replaces the term in force if granted on or
    /// before it; a later one is ignored and the breach stands (a reading of §33). Set by a person: never moved.
    static func term(_ c: Controlled) -> LocalDate { extensions(c).last { $0.applied }?.extension.to ?? c.term }

    /// The extensions in `grantedOn` order, each with whether it applied (granted on or before the term then in force)
    /// and that term.
    static func extensions(_ c: Controlled) -> [(extension: Controlled.Extension, applied: Bool, termBefore: LocalDate)] {
        var t = c.term
        return c.extensions.enumerated().sorted(by: { ($0.element.grantedOn, $0.offset) < ($1.element.grantedOn, $1.offset) }).map { item in
            let e = item.element, before = t
            if e.grantedOn <= t { t = e.to; return (e, true, before) }
            return (e, false, before)
        }
    }

    /// §36's band for a term L days after receipt: none under 5 days ("at once"); from 5 to 10 days one working day before
    /// T for both (5 falls in this band: "from 5" is explicit); from 11 days T − 3 to the leadership and T − 2 to the first
    /// head ("N days before" never moves: the act sets a minimum margin).
    enum Band: Equatable { case immediately, oneWorkingDay(LocalDate), days(leadership: LocalDate, firstHead: LocalDate) }

    static func band(_ c: Controlled, term t: LocalDate, _ ctx: Context) throws(DocumentsError) -> Band {
        let l = c.receivedOn.days(until: t)
        if l < 5 { return .immediately }
        if l <= 10 { return .oneWorkingDay(try ctx.workingDayBefore(t)) }
        return .days(leadership: t.adding(days: -3), firstHead: t.adding(days: -2))
    }

    static func terms(_ c: Controlled, _ ctx: Context) throws(DocumentsError) -> [DatedTerm] {
        let t = term(c)
        var out = [DatedTerm(.controlTermMissed, due: t, done: c.executedOn, field: "executedOn")]
        // §36: judged when its date is given or the document is not executed.
        let dues: (leadership: LocalDate, firstHead: LocalDate)?
        switch try band(c, term: t, ctx) {
        case .immediately: dues = nil
        case .oneWorkingDay(let day): dues = (day, day)
        case .days(let leadership, let firstHead): dues = (leadership, firstHead)
        }
        if let dues {
            if c.toLeadershipOn != nil || c.executedOn == nil { out.append(DatedTerm(.lateToLeadership, due: dues.leadership, done: c.toLeadershipOn, field: "toLeadershipOn")) }
            if c.toFirstHeadOn != nil || c.executedOn == nil { out.append(DatedTerm(.lateToFirstHead, due: dues.firstHead, done: c.toFirstHeadOn, field: "toFirstHeadOn")) }
        }
        // §32: a plan to implement a President's act within 3 days (moved off a non-working day); the approval date is the
        // one a control service records (a reading).
        if c.kind == .presidentAct {
            out.append(DatedTerm(.implementationPlanLate, term: .calendarDays(3), from: c.receivedOn, due: try ctx.moved(c.receivedOn.adding(days: 3)),
                                 done: c.planApprovedOn, field: "planApprovedOn"))
        }
        return out
    }

    static func judge(_ c: Controlled, _ ctx: inout Context) throws(DocumentsError) {
        let d = c.receivedOn
        for t in try terms(c, ctx) where ctx.applies(t.code.places[0], .controlled, c.id, d) {
            ctx.term(t.code, .controlled, c.id, relevant: d, due: t.due, done: t.done, entry: t.field.map { RecordKey.field(c.id, $0) })
        }
        // §33: an extension granted while the term it extends was running, but entered after that term had ended.
        if ctx.applies("§33", .controlled, c.id, d) {
            for (e, applied, before) in extensions(c) where applied {
                ctx.checkRecorded(RecordKey.extensionOf(c.id, grantedOn: e.grantedOn, to: e.to), code: .controlTermMissed, .controlled, c.id,
                                  relevant: d, claimed: e.grantedOn, due: before)
            }
        }
    }

    /// §34: the documentation service's list every week (read: Monday–Sunday), from the first Monday on or after `since`,
    /// for each week with a working day that has ended before asOf; due its Sunday.
    static func judgeLists(_ s: ControlService, _ ctx: inout Context) throws(DocumentsError) {
        var monday = s.since
        while monday.isoWeekday != 1 { monday = monday.adding(days: 1) }
        let lists = Set(s.weeklyLists)
        while true {
            let sunday = monday.adding(days: 6)
            guard sunday <= Validity.lastPeriodEnd, sunday < ctx.asOfDate else { break }
            var working = false
            for i in 0..<7 where try ctx.isWorkingDay(monday.adding(days: i)) { working = true; break }
            let listedOn = (0..<7).map { monday.adding(days: $0) }.first { lists.contains($0) }
            let period = monday.description
            if working, ctx.applies("§34", .controlService, "controlService", sunday, period: period) {
                if let listedOn {
                    ctx.checkRecorded(RecordKey.weeklyList(listedOn), code: .weeklyListMissing, .controlService, "controlService", relevant: sunday,
                                      claimed: listedOn, due: sunday, period: period)
                } else {
                    ctx.broken(.weeklyListMissing, .controlService, "controlService", relevant: sunday, Texts.noList(monday)) {
                        $0.due = sunday; $0.period = period
                    }
                }
            }
            monday = monday.adding(days: 7)
        }
    }
}
