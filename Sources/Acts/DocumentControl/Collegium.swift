import LegalCore

/// Section 2 of the decree, the collegium: §7 a quorum of two thirds of its members, attending in person (no
/// substitutes); §8 the Head of State's instructions reviewed at least once a quarter; §9 decisions by a majority of the
/// members present, a stenogram, the results published on the website.
enum CollegiumRules {
    static func judge(_ c: Collegium, _ ctx: inout Context) throws(DocumentsError) {
        for m in c.meetings {
            let d = m.on
            if 3 * m.present < 2 * m.members, ctx.applies("§7", .collegium, m.id, d) {
                ctx.broken(.collegiumWithoutQuorum, .collegium, m.id, relevant: d, Texts.quorum(present: m.present, members: m.members))
            }
            if m.substitutes > 0, ctx.applies("§7", .collegium, m.id, d) {
                ctx.broken(.collegiumSubstitute, .collegium, m.id, relevant: d, Texts.substitutes(m.substitutes))
            }
            for decision in m.decisions where 2 * decision.votesFor <= m.present {
                if ctx.applies("§9", .collegium, decision.id, d) {
                    ctx.broken(.decisionWithoutMajority, .collegium, decision.id, relevant: d, Texts.votes(decision.votesFor, present: m.present))
                }
            }
            let missing = (m.stenographed ? [] : ["stenographed"]) + (m.publishedOnWebsite ? [] : ["published_on_website"])
            if !missing.isEmpty, ctx.applies("§9", .collegium, m.id, d) {
                ctx.broken(.collegiumRecordIncomplete, .collegium, m.id, relevant: d, Texts.missing(missing)) { $0.missing = missing }
            }
        }
        // §8: each quarter starting on or after `since` and ended before asOf needs a meeting on the Head of State's
        // instructions; due its last day.
        guard let since = c.since else { return }
        var quarter = Quarter(containing: since)
        if quarter.first < since { quarter = quarter.next }
        while quarter.last <= Validity.lastPeriodEnd, quarter.last < ctx.asOfDate {
            let reviewers = c.meetings.filter { $0.headOfStateInstructions && quarter.first <= $0.on && $0.on <= quarter.last }
            let period = quarter.description
            if ctx.applies("§8", .collegium, "collegium", quarter.last, period: period) {
                // The meeting that shows the review: the one entered first (one of the first stored state has no day).
                if let shown = reviewers.min(by: { (ctx.recorded[RecordKey.meeting($0.id)]?.dayNumber ?? Int32.min) < (ctx.recorded[RecordKey.meeting($1.id)]?.dayNumber ?? Int32.min) }) {
                    ctx.checkRecorded(RecordKey.meeting(shown.id), code: .quarterlyReviewMissing, .collegium, "collegium", relevant: quarter.last,
                                      claimed: shown.on, due: quarter.last, period: period)
                } else {
                    ctx.broken(.quarterlyReviewMissing, .collegium, "collegium", relevant: quarter.last, Texts.noReview(period)) {
                        $0.due = quarter.last; $0.period = period
                    }
                }
            }
            quarter = quarter.next
        }
    }
}

/// A calendar quarter (`2016-Q2`).
struct Quarter: CustomStringConvertible {
    let year: Int, number: Int
    init(year: Int, number: Int) { self.year = year; self.number = number }
    init(containing d: LocalDate) { year = d.year; number = (d.month - 1) / 3 + 1 }
    var first: LocalDate { LocalDate(year: year, month: number * 3 - 2, day: 1)! }
    var last: LocalDate { LocalDate.lastDayOfMonth(year: year, month: number * 3) }
    var next: Quarter { number == 4 ? Quarter(year: year + 1, number: 1) : Quarter(year: year, number: number + 1) }
    var description: String { "\(year)-Q\(number)" }
}
