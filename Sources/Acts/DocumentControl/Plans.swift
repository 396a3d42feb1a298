import LegalCore

/// §4: a quarterly, annual or long-term plan is drafted 15 calendar days and approved 5 before its period ("N days before
/// Y" is Y − N and never moves: the act sets a minimum margin). Its relevant date is the drafting day, periodStart − 15.
enum Plans {
    static func relevantDate(_ p: Plan) -> LocalDate { p.periodStart.adding(days: -15) }

    static func judge(_ p: Plan, _ ctx: inout Context) throws(DocumentsError) {
        let d = relevantDate(p)
        guard ctx.applies("§4", .plans, p.id, d) else { return }
        ctx.term(.planDraftedLate, .plans, p.id, relevant: d, due: p.periodStart.adding(days: -15), done: p.draftedOn,
                 entry: RecordKey.field(p.id, "draftedOn"))
        ctx.term(.planApprovedLate, .plans, p.id, relevant: d, due: p.periodStart.adding(days: -5), done: p.approvedOn,
                 entry: RecordKey.field(p.id, "approvedOn"))
    }
}
