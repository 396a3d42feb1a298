import LegalCore
import WorkCalendar

/// Each item's relevant date (docs/reference/documents.md "Validity and wordings") — the date that decides whether the decree
/// applies and in which wording: a letter's arrival (local), an outgoing document's signature, a controlled document's or
/// draft's receipt, a plan's period start − 15, a meeting's day, a `since` (a month: its last day). An item dated outside
/// the decree's life is refused, naming the field.
enum RelevantDates {
    static func check(_ input: DocumentsInput, calendar: KazakhCalendar) throws(DocumentsError) {
        let dates = try all(input, calendar: calendar)
        for (d, path) in dates {
            if let (code, why) = Validity.refusal(d) { throw DocumentsError(code: code, message: why, path: path) }
        }
        // Then the calendar: an in-force date it does not cover (v1: before 2015) cannot be judged.
        for (d, path) in dates where d < calendar.firstDay || d > calendar.lastDay {
            throw DocumentsError(code: "calendar_not_covered",
                                 message: "\(d) is outside the working-day calendar (\(calendar.firstDay.year)–\(calendar.lastDay.year))", path: path)
        }
    }

    /// Every item's relevant date with the path of the field that gives it, in the input's order.
    static func all(_ input: DocumentsInput, calendar: KazakhCalendar) throws(DocumentsError) -> [(LocalDate, String)] {
        var out: [(LocalDate, String)] = []
        let zone: ZoneTable.Resolved
        do { zone = try calendar.zones.resolve(input.schedule.timeZone) } catch {
            throw DocumentsError(code: "invalid_input", message: error.description, path: "$.schedule.timeZone")
        }
        for (i, l) in input.incoming.enumerated() {
            // The arrival's local date: the zone's offset at that instant (its first entry's before the table begins).
            out.append((l.arrivedAt.localDate(offsetSeconds: zone.offset(l.arrivedAt.secondsSinceEpoch)), "$.incoming[\(i)].arrivedAt"))
        }
        for (i, o) in input.outgoing.enumerated() { out.append((o.signedOn, "$.outgoing[\(i)].signedOn")) }
        for (i, c) in input.controlled.enumerated() { out.append((c.receivedOn, "$.controlled[\(i)].receivedOn")) }
        for (i, d) in input.drafts.enumerated() { out.append((d.receivedOn, "$.drafts[\(i)].receivedOn")) }
        for (i, p) in input.plans.enumerated() { out.append((Plans.relevantDate(p), "$.plans[\(i)].periodStart")) }
        if let c = input.collegium {
            if let since = c.since { out.append((since, "$.collegium.since")) }
            for (i, m) in c.meetings.enumerated() { out.append((m.on, "$.collegium.meetings[\(i)].on")) }
        }
        if let m = input.monitoring { out.append((m.since.last, "$.monitoring.since")) }
        if let s = input.controlService { out.append((s.since, "$.controlService.since")) }
        return out
    }
}
