import Foundation
import LegalCore
import Storage
import WorkCalendar

/// MODEL-REG-2008's demo: a ministry's register of 2016–2018, the way a documentation and control service keeps it —
/// mail from every kind of sender (the Presidential Administration on a Saturday, letters after hours, a defective
/// one returned, urgent ones), outgoing letters, controlled documents in every §36 band with extensions, drafts through
/// their approval (one through a conciliation meeting, one under an urgent instruction), plans, the collegium, legal
/// monitoring and the weekly lists — mostly in time, with the misses a real register has. Fixed dates (the decree is
/// repealed), working days read from the calendar.
enum DocumentsDemo {
    static let body = "ministry-culture"
    static let legalUnit = "ministry-culture-legal"
    static let artsUnit = "ministry-culture-arts"
    static let organizations: [(id: String, name: String, russian: String, kind: String)] = [
        (body, "Қазақстан Республикасы Мәдениет және спорт министрлігі", "Министерство культуры и спорта Республики Казахстан", "central_state_body"),
        (legalUnit, "Мәдениет және спорт министрлігінің Заң департаменті", "Юридический департамент Министерства культуры и спорта", "unit"),
        (artsUnit, "Мәдениет және спорт министрлігінің Өнер істері департаменті", "Департамент по делам искусства Министерства культуры и спорта", "unit"),
    ]

    /// `POST /api/v1/documents/evaluate`'s example: a letter delivered a day late, a controlled document executed late,
    /// a plan approved late.
    static let evaluateExample = #"{"asOf": "2016-04-14T12:00:00+06:00", "incoming": [{"id": "L-1", "sender": "state_body", "arrivedAt": "2016-03-18T16:30:00+06:00", "deliveredAt": "2016-03-28T10:00:00+06:00"}], "controlled": [{"id": "C-1", "kind": "instruction", "receivedOn": "2016-03-01", "term": "2016-03-31", "executedOn": "2016-04-04"}], "plans": [{"id": "P-1", "periodStart": "2016-04-01", "draftedOn": "2016-03-15", "approvedOn": "2016-03-28"}]}"#

    struct Item { let kind: DocumentsStore.Kind; let id: String; let unit: String?; let json: String; var facts: [String] = [] }

    static func load(store: Store, calendar: KazakhCalendar) async throws {
        let existing = Set(try await store.organizations().map(\.id))
        for o in organizations where !existing.contains(o.id) {
            try await store.putOrganization(.init(id: o.id, name: o.name, bin: nil, kind: o.kind), actor: "demo")
            try await store.setOrganizationName(id: o.id, lang: "ru", name: o.russian, actor: "demo")
        }
        // The ministry's register as it stood when it began keeping it here: its first stored state, in one write.
        let register = try items(calendar).map { DocumentsStore.Item(body: body, id: $0.id, kind: $0.kind, unit: $0.unit, json: $0.json, facts: $0.facts) }
        _ = try await store.importDocuments(body: body, items: register, actor: "demo")
    }

    static func stamp(_ d: LocalDate, _ h: Int, _ m: Int) -> String {
        "\(d)T" + (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m):00+06:00"
    }

    static func items(_ calendar: KazakhCalendar) throws -> [Item] {
        var out: [Item] = [Item(kind: .settings, id: "settings", unit: nil,
                                json: #"{"schedule": {"timeZone": "Asia/Almaty", "open": "09:00", "close": "18:30"}, "collegiumSince": "2016-01-01", "monitoringSince": "2016-01", "controlServiceSince": "2016-01-04"}"#)]
        func working(_ d: LocalDate) throws -> Bool { try calendar.isWorkingDay(d) }
        func wd(_ d: LocalDate, _ n: Int) throws -> LocalDate { try calendar.addWorkingDays(d, n) }
        let senders = ["state_body", "other", "pm_office", "state_body", "presidential_administration", "parliament"]
        var month = LocalDate(year: 2016, month: 1, day: 1)!
        var n = 0
        while month < LocalDate(year: 2019, month: 1, day: 1)! {
            let (y, m, _) = month.components
            let tag = String(format: "%04d%02d", y, m)
            // The month's working days.
            var days: [LocalDate] = []
            var d = month
            while d.month == m { if try working(d) { days.append(d) }; d = d.adding(days: 1) }
            // Incoming mail: twelve letters a month.
            for i in 0..<12 {
                n += 1
                let day = days[(i * 2) % days.count]
                let sender = senders[(n + i) % senders.count]
                let unit = i % 2 == 0 ? legalUnit : artsUnit
                var f = ["\"id\": \"ВХ-\(tag)-\(i + 1)\"", "\"sender\": \"\(sender)\"", "\"unit\": \"\(unit)\""]
                var (h, mi) = [(10, 15), (11, 40), (14, 5), (16, 45), (9, 30), (15, 20)][i % 6]
                if n % 17 == 0 { h = 18; mi = 10 }                                   // after hours: accepted the next morning
                f.append("\"arrivedAt\": \"\(stamp(day, h, mi))\"")
                if sender == "state_body", n % 23 == 0 {                              // lacks the executor: returned (late every other time)
                    f.append(#""details": ["outgoing_number_date", "reference", "signature", "letterhead", "state_language"]"#)
                    let received = h >= 17 ? try wd(day, 1) : day
                    let back = n % 2 == 0 ? received : try wd(received, 1)
                    f.append("\"returnedAt\": \"\(stamp(back, 16, 55))\"")
                    out.append(Item(kind: .incoming, id: "ВХ-\(tag)-\(i + 1)", unit: unit, json: "{" + f.joined(separator: ", ") + "}"))
                    continue
                }
                if sender == "state_body", n % 5 == 0 { f.append(#""urgent": true"#) }
                let accepted = h >= 17 ? try wd(day, 1) : day
                let (ah, am) = h >= 17 ? (9, 0) : (h, mi)
                // Delivered within the two hours as a rule; now and then late, once in a while the next working day.
                let late = n % 9 == 0 ? 150 : n % 31 == 0 ? 24 * 60 : 50 + (n % 5) * 10
                let deliveredMinutes = ah * 60 + am + late
                let deliveredDay = deliveredMinutes >= 24 * 60 ? try wd(accepted, 1) : accepted
                let dm = deliveredMinutes >= 24 * 60 ? 10 * 60 : min(deliveredMinutes, 23 * 60)
                f.append("\"registeredAt\": \"\(stamp(accepted, ah, am + (am < 50 ? 5 : 0)))\"")
                f.append("\"deliveredAt\": \"\(stamp(deliveredDay, dm / 60, dm % 60))\"")
                let reviewDay = n % 13 == 0 ? try wd(deliveredDay, 1) : deliveredDay
                f.append("\"reviewedAt\": \"\(stamp(reviewDay, 17, 30))\"")
                if sender == "pm_office", n % 11 == 0 { f.append(#""controlled": false"#); f.append("\"answeredAt\": \"\(stamp(try wd(reviewDay, 5), 12, 0))\"") }
                out.append(Item(kind: .incoming, id: "ВХ-\(tag)-\(i + 1)", unit: unit, json: "{" + f.joined(separator: ", ") + "}"))
            }
            // The Presidential Administration on a Saturday that is not a working day (accepted 09:00–17:00, §12).
            if m % 6 == 3 {
                var saturday = month
                while try saturday.isoWeekday != 6 || working(saturday) { saturday = saturday.adding(days: 1) }
                let id = "ВХ-\(tag)-С"
                out.append(Item(kind: .incoming, id: id, unit: legalUnit,
                                json: "{\"id\": \"\(id)\", \"sender\": \"presidential_administration\", \"unit\": \"\(legalUnit)\", \"arrivedAt\": \"\(stamp(saturday, 11, 0))\", "
                                    + "\"registeredAt\": \"\(stamp(saturday, 11, 20))\", \"deliveredAt\": \"\(stamp(saturday, 12, 30))\", \"reviewedAt\": \"\(stamp(try wd(saturday, 1), 10, 0))\"}"))
            }
            // Outgoing: four a month; one a quarter to the PM's Office without the control service's visa.
            for i in 0..<4 {
                let day = days[(i * 5 + 3) % days.count]
                let to = ["state_body", "pm_office", "parliament", "other"][i]
                var f = ["\"id\": \"ИСХ-\(tag)-\(i + 1)\"", "\"to\": \"\(to)\"", "\"signedOn\": \"\(day)\""]
                if to == "pm_office", m % 3 == 0 { f.append(#""controlVisa": false"#) } else if to != "other" { f.append("\"controlVisaOn\": \"\(day)\"") }
                out.append(Item(kind: .outgoing, id: "ИСХ-\(tag)-\(i + 1)", unit: legalUnit, json: "{" + f.joined(separator: ", ") + "}"))
            }
            // Controlled documents: six a month, one in each band (3, 5, 8, 10, 15 and 30 days).
            let kinds = ["president_act", "government_act", "instruction", "deputy_inquiry", "state_body_letter", "application"]
            for (i, length) in [3, 5, 8, 10, 15, 30].enumerated() {
                n += 1
                let received = days[(i * 3 + 1) % days.count]
                let term = received.adding(days: length)
                let id = "К-\(tag)-\(i + 1)"
                let unit = i % 2 == 0 ? legalUnit : artsUnit
                var f = ["\"id\": \"\(id)\"", "\"kind\": \"\(kinds[(i + m) % kinds.count])\"", "\"receivedOn\": \"\(received)\"", "\"term\": \"\(term)\"",
                         "\"executor\": \"\(["Ахметова А.Б.", "Сейтқали Н.Т.", "Иванова Е.П."][i % 3])\"", "\"unit\": \"\(unit)\""]
                if kinds[(i + m) % kinds.count] == "president_act" { f.append("\"planApprovedOn\": \"\(try calendar.nextWorkingDay(onOrAfter: received.adding(days: n % 4 == 0 ? 5 : 2)))\"") }
                var facts: [String] = []
                var t = term
                if length == 30, n % 3 == 0 {                                          // extended before its term, as a new fact
                    t = term.adding(days: 10)
                    facts.append("{\"extensions\": [{\"to\": \"\(t)\", \"grantedOn\": \"\(term.adding(days: -4))\"}]}")
                }
                if length >= 5 {                                                      // the draft reply ahead of the term (§36), now and then late
                    var before = t.adding(days: -1)
                    while try !working(before) { before = before.adding(days: -1) }
                    let late = n % 8 == 0
                    let (lead, head) = length >= 11 ? (t.adding(days: late ? -2 : -4), t.adding(days: late ? -1 : -3)) : (late ? t : before, before)
                    f.append("\"toLeadershipOn\": \"\(lead)\"")
                    f.append("\"toFirstHeadOn\": \"\(head)\"")
                }
                let executed = n % 7 == 0 ? t.adding(days: 2) : t.adding(days: -1)
                if executed < LocalDate(year: 2019, month: 1, day: 1)! { facts.append("{\"executedOn\": \"\(max(executed, received))\"}") }
                out.append(Item(kind: .controlled, id: id, unit: unit, json: "{" + f.joined(separator: ", ") + "}", facts: facts))
            }
            // A draft a month through its approval.
            do {
                n += 1
                let received = days[2]
                let id = "ЖОБА-\(tag)"
                var f = ["\"id\": \"\(id)\"", "\"receivedOn\": \"\(received)\"", "\"unit\": \"\(legalUnit)\""]
                let conclusionOn = try wd(received, 3)
                switch m % 4 {
                case 1:                                                                // without remarks: visas in 2 working days (late now and then)
                    f.append("\"conclusion\": {\"on\": \"\(conclusionOn)\", \"remarks\": false}")
                    f.append("\"visasOn\": \"\(try wd(conclusionOn, n % 3 == 0 ? 3 : 2))\"")
                    f.append("\"agreedOn\": \"\(try wd(conclusionOn, 3))\"")
                case 2:                                                                // returned with remarks, revised in 8 working days
                    f.append("\"conclusion\": {\"on\": \"\(conclusionOn)\", \"remarks\": true}")
                    f.append("\"returnedOn\": \"\(conclusionOn)\"")
                    let revised = try wd(conclusionOn, 8)
                    let complete = y != 2017
                    f.append("\"revised\": {\"on\": \"\(revised)\", \"complete\": \(complete)}")
                    if !complete { f.append("\"remarksOn\": \"\(try wd(revised, 2))\"") }
                    f.append("\"agreedOn\": \"\(try wd(revised, complete ? 2 : 6))\"")
                case 3:                                                                // disagreement: a conciliation meeting, agreed after it
                    f.append("\"conclusion\": {\"on\": \"\(conclusionOn)\", \"remarks\": true}")
                    let meeting = try wd(conclusionOn, 5)
                    f.append("\"meeting\": {\"on\": \"\(meeting)\", \"agreed\": true}")
                    f.append("\"agreedOn\": \"\(try wd(meeting, m == 3 && y == 2017 ? 5 : 3))\"")
                default:                                                               // under an urgent instruction
                    f.append("\"urgentInstruction\": {\"deadline\": \"\(received.adding(days: 12))\"}")
                    f.append("\"proposalOn\": \"\(received.adding(days: y == 2018 ? 10 : 8))\"")
                    f.append("\"conclusion\": {\"on\": \"\(conclusionOn)\", \"remarks\": false}")
                    f.append("\"visasOn\": \"\(try wd(conclusionOn, 1))\"")
                    f.append("\"agreedOn\": \"\(try wd(conclusionOn, 2))\"")
                }
                if m == 8, y == 2016 { f.append(#""legalServiceAgreed": false"#) }
                out.append(Item(kind: .drafts, id: id, unit: legalUnit, json: "{" + f.joined(separator: ", ") + "}"))
            }
            // The quarter's plan (§4) before each quarter; the year's plan before each year.
            if m % 3 == 1 {
                let next = LocalDate(year: y + (m == 10 ? 1 : 0), month: m == 10 ? 1 : m + 3, day: 1)!
                let lateDraft = (y + m) % 5 == 0
                out.append(Item(kind: .plans, id: "ЖОСПАР-\(next.year)-Q\((next.month - 1) / 3 + 1)", unit: nil,
                                json: "{\"id\": \"ЖОСПАР-\(next.year)-Q\((next.month - 1) / 3 + 1)\", \"kind\": \"quarterly\", \"periodStart\": \"\(next)\", "
                                    + "\"draftedOn\": \"\(next.adding(days: lateDraft ? -12 : -17))\", \"approvedOn\": \"\(next.adding(days: -6))\"}"))
            }
            if m == 11 {
                let next = LocalDate(year: y + 1, month: 1, day: 1)!
                out.append(Item(kind: .plans, id: "ЖОСПАР-\(y + 1)", unit: nil,
                                json: "{\"id\": \"ЖОСПАР-\(y + 1)\", \"kind\": \"annual\", \"periodStart\": \"\(next)\", \"draftedOn\": \"\(next.adding(days: -20))\", \"approvedOn\": \"\(next.adding(days: -8))\"}"))
            }
            // The collegium: every other month; the Head of State's instructions each quarter but 2017-Q3.
            if m % 2 == 0 {
                let day = days[days.count / 2]
                let headOfState = !(y == 2017 && (m == 8)) && m % 6 != 4 || m % 6 == 0
                let quorumMissed = y == 2017 && m == 4
                let decisions = "[{\"id\": \"АЛҚА-\(tag)/1\", \"votesFor\": \(quorumMissed ? 6 : 9)}, {\"id\": \"АЛҚА-\(tag)/2\", \"votesFor\": \(y == 2016 && m == 10 ? 5 : quorumMissed ? 7 : 8)}]"
                out.append(Item(kind: .meetings, id: "АЛҚА-\(tag)", unit: nil,
                                json: "{\"id\": \"АЛҚА-\(tag)\", \"on\": \"\(day)\", \"members\": 12, \"present\": \(quorumMissed ? 7 : 10), \"substitutes\": \(quorumMissed ? 1 : 0), "
                                    + "\"headOfStateInstructions\": \(headOfState), \"stenographed\": true, \"publishedOnWebsite\": \(!(y == 2018 && m == 6)), \"decisions\": \(decisions)}"))
            }
            // Legal monitoring's summary for the month before, by the 10th (twice late).
            if !(y == 2016 && m == 1) {
                let previous = LocalDate(year: m == 1 ? y - 1 : y, month: m == 1 ? 12 : m - 1, day: 1)!
                let tenth = LocalDate(year: y, month: m, day: (y == 2017 && (m == 3 || m == 11)) ? 14 : 8)!
                let monthText = String(previous.description.prefix(7))
                out.append(Item(kind: .summaries, id: "МОНИТОРИНГ-\(monthText)", unit: nil,
                                json: "{\"id\": \"МОНИТОРИНГ-\(monthText)\", \"month\": \"\(monthText)\", \"on\": \"\(tenth)\"}"))
            }
            month = LocalDate(year: y + m / 12, month: m % 12 + 1, day: 1)!
        }
        // The weekly lists: each week's Friday (or its last working day), two weeks a year forgotten.
        var monday = LocalDate(year: 2016, month: 1, day: 4)!
        var week = 0
        while monday < LocalDate(year: 2019, month: 1, day: 1)! {
            week += 1
            var day = monday.adding(days: 4)
            while try !working(day), day > monday { day = day.adding(days: -1) }
            if week % 26 != 13, try working(day) {
                out.append(Item(kind: .lists, id: "ТІЗІМ-\(monday)", unit: nil, json: "{\"id\": \"ТІЗІМ-\(monday)\", \"on\": \"\(day)\"}"))
            }
            monday = monday.adding(days: 7)
        }
        return out
    }
}
