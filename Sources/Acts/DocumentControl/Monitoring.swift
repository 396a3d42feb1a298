import LegalCore

/// §29-3 (added by Decree 346 of 27 Apr 2015): the summary of each month's legal monitoring goes to the head by the 10th
/// of the next month (moved off a non-working day: a reading), for every month from `since` ended before asOf.
enum MonitoringRules {
    static func judge(_ m: Monitoring, _ ctx: inout Context) throws(DocumentsError) {
        let summaries = Dictionary(m.summaries.map { ($0.month, $0.on) }, uniquingKeysWith: { a, _ in a })
        var month = m.since
        while month.last <= Validity.lastPeriodEnd, month.last < ctx.asOfDate {
            let period = month.description
            if ctx.applies("§29-3", .monitoring, "monitoring", month.last, period: period) {
                let due = try ctx.moved(month.next.first.adding(days: 9))
                ctx.term(.monitoringSummaryLate, .monitoring, "monitoring", relevant: month.last, due: due, done: summaries[month], period: period,
                         entry: RecordKey.summary(period))
            }
            month = month.next
        }
    }
}
