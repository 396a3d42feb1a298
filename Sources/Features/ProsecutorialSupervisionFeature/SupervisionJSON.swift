import JSONKit
import LegalCore
import ProsecutorialSupervision

/// The JSON of docs/reference/supervision.md: the input read with every invalid case named at its path, the output
/// written in the contract's order.
public enum SupervisionJSON {
    // MARK: input

    public static func input(_ bytes: UnsafeRawBufferPointer) throws(InputError) -> SupervisionInput {
        guard bytes.count > 0 else { throw InputError("the input is empty", path: "$", reason: .empty) }
        let f = try Fields(JSONParser.document(bytes), path: "$")
        var reader = Reader(asOf: try f.date("asOf"))
        var input = SupervisionInput(asOf: reader.asOf)
        var ids = Seen()
        for (i, v) in try f.array("offices").enumerated() {
            let o = try reader.office(v, "$.offices[\(i)]")
            try ids.add(o.id, "office", "$.offices[\(i)].id")
            input.offices.append(o)
        }
        for (i, v) in try f.array("cases").enumerated() {
            let c = try reader.case(v, "$.cases[\(i)]")
            try ids.add(c.id, "case", "$.cases[\(i)].id")
            input.cases.append(c)
        }
        for (i, v) in try list(f, "applications").enumerated() {
            let a = try reader.application(v, "$.applications[\(i)]")
            try ids.add(a.id, "application", "$.applications[\(i)].id")
            input.applications.append(a)
        }
        for (i, v) in try list(f, "reports").enumerated() {
            let r = try reader.report(v, "$.reports[\(i)]")
            try ids.add(r.id, "report", "$.reports[\(i)].id")
            input.reports.append(r)
        }
        if let v = f.optional("kpiPeriod") {
            let k = try Fields(v, path: "$.kpiPeriod")
            let from = try reader.date(k, "from"), to = try reader.date(k, "to")
            guard from <= to else { throw .rule("from \(from) is after to \(to)", path: "$.kpiPeriod.to", reason: .range) }
            input.kpiPeriod = from...to
        }
        try check(input, protests: reader.protestPaths)
        return input
    }

    static func list(_ f: Fields, _ key: String) throws(InputError) -> [JSONValue] { f.optional(key) == nil ? [] : try f.array(key) }

    /// Ids seen in one list (offices, cases, applications, reports are each their own list; protests one list for all cases).
    struct Seen {
        var byKind: [String: [String: String]] = [:]
        mutating func add(_ id: String, _ kind: String, _ path: String) throws(InputError) {
            if let first = byKind[kind]?[id] {
                throw .rule("\(kind) \"\(id)\" is given twice (first at \(first))", path: path, reason: .duplicate)
            }
            byKind[kind, default: [:]][id] = path
        }
    }

    /// The references between the lists, and the offices' territories (docs/reference/supervision.md "Invalid input").
    static func check(_ input: SupervisionInput, protests: [(id: String, path: String)]) throws(InputError) {
        var seen = Seen()
        for p in protests { try seen.add(p.id, "protest", p.path) }
        let offices = Dictionary(input.offices.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (i, o) in input.offices.enumerated() {
            if let parent = o.parent {
                guard let p = offices[parent] else { throw .rule("unknown office \"\(parent)\"", path: "$.offices[\(i)].parent", reason: .unknownValue) }
                if o.level == .district, p.level != .oblast {
                    throw .rule("district office \"\(o.id)\" has a parent \"\(parent)\" that is not oblast-level", path: "$.offices[\(i)].parent", reason: .rule)
                }
            }
        }
        var covering: [String: String] = [:]
        for (i, o) in input.offices.enumerated() where o.level == .district {
            for location in o.locations {
                let key = o.kind.rawValue + "\u{1F}" + location
                if let other = covering[key] {
                    throw .rule("two district \(o.kind.rawValue) offices cover \"\(location)\": \"\(other)\" and \"\(o.id)\"", path: "$.offices[\(i)].locations", reason: .duplicate)
                }
                covering[key] = o.id
            }
        }
        for (i, c) in input.cases.enumerated() {
            if covering[Office.Kind.territorial.rawValue + "\u{1F}" + c.courtLocation] == nil {
                throw .rule("no district territorial office covers \"\(c.courtLocation)\"", path: "$.cases[\(i)].courtLocation", reason: .unknownValue)
            }
            if c.initiator.kind == .prosecutor {
                guard let office = c.initiator.office else { throw .rule("a case initiated by a prosecutor names the office (initiator.office)", path: "$.cases[\(i)].initiator.office", reason: .missing) }
                guard offices[office] != nil else { throw .rule("unknown office \"\(office)\"", path: "$.cases[\(i)].initiator.office", reason: .unknownValue) }
            } else if let office = c.initiator.office, offices[office] == nil {
                throw .rule("unknown office \"\(office)\"", path: "$.cases[\(i)].initiator.office", reason: .unknownValue)
            }
        }
        let cases = Set(input.cases.map(\.id))
        for (i, a) in input.applications.enumerated() where !cases.contains(a.caseID) {
            throw .rule("unknown case \"\(a.caseID)\"", path: "$.applications[\(i)].case", reason: .unknownValue)
        }
        for (i, r) in input.reports.enumerated() where offices[r.office] == nil {
            throw .rule("unknown office \"\(r.office)\"", path: "$.reports[\(i)].office", reason: .unknownValue)
        }
    }

    /// Reads the lists, checking every date against asOf and its subject's first date.
    struct Reader {
        let asOf: LocalDate
        var protestPaths: [(id: String, path: String)] = []
        init(asOf: LocalDate) { self.asOf = asOf }

        func date(_ f: Fields, _ key: String, notBefore floor: (LocalDate, String)? = nil) throws(InputError) -> LocalDate {
            let d = try f.date(key)
            guard d <= asOf else { throw .rule("\(d) is after asOf \(asOf)", path: f.at(key), reason: .range) }
            if let (first, name) = floor, d < first { throw .rule("\(d) is before \(name) \(first)", path: f.at(key), reason: .range) }
            return d
        }
        func optionalDate(_ f: Fields, _ key: String, notBefore floor: (LocalDate, String)? = nil) throws(InputError) -> LocalDate? {
            f.optional(key) == nil ? nil : try date(f, key, notBefore: floor)
        }

        func office(_ v: JSONValue, _ path: String) throws(InputError) -> Office {
            let f = try Fields(v, path: path)
            let locations = try f.identifiers("locations")
            return Office(id: try f.identifier("id"), kind: try f.oneOf("kind", Office.Kind.self), level: try f.oneOf("level", Office.Level.self),
                          locations: locations, parent: try f.optionalIdentifier("parent"))
        }

        func values<T: RawRepresentable & CaseIterable>(_ f: Fields, _ key: String, _ type: T.Type) throws(InputError) -> [T] where T.RawValue == String {
            var out: [T] = []
            for (i, s) in try f.strings(key, default: []).enumerated() {
                guard let v = T(rawValue: s) else {
                    throw InputError("unknown value \"\(s)\": expected one of \(T.allCases.map(\.rawValue).joined(separator: ", "))", path: f.at(key) + "[\(i)]", reason: .unknownValue)
                }
                out.append(v)
            }
            return out
        }

        mutating func `case`(_ v: JSONValue, _ path: String) throws(InputError) -> Case {
            let f = try Fields(v, path: path)
            let decided = try date(f, "decidedOn")
            let floor = (decided, "decidedOn")
            var c = Case(id: try f.identifier("id"), kind: try f.oneOf("kind", Case.Kind.self), courtLocation: try f.identifier("courtLocation"),
                         prosecutorParticipated: try f.bool("prosecutorParticipated", default: false), decidedOn: decided,
                         outcome: try f.oneOf("outcome", Case.Outcome.self))
            _ = try f.required("prosecutorParticipated")
            c.aocChapter = try f.optionalInt("aocChapter", min: 1, max: 999)
            c.spheres = try values(f, "spheres", Case.Sphere.self)
            c.obligationCase = try f.optionalOneOf("obligationCase", Case.ObligationCase.self)
            c.minor = try f.bool("minor", default: false)
            c.sanctionsProvided = try values(f, "sanctionsProvided", Case.Sanction.self)
            c.militaryStatus = try f.optionalOneOf("militaryStatus", Case.MilitaryStatus.self)
            if let iv = f.optional("initiator") {
                let i = try Fields(iv, path: f.at("initiator"))
                c.initiator = Case.Initiator(kind: try i.optionalOneOf("kind", Case.Initiator.Kind.self) ?? .body, office: try i.optionalIdentifier("office"),
                                             unit: try i.optionalName("unit"), transport: try i.bool("transport", default: false))
            }
            c.requiredByHigherProsecutor = try f.bool("requiredByHigherProsecutor", default: false)
            c.specializedNotified = try f.bool("specializedNotified", default: true)
            c.copyReceivedOn = try optionalDate(f, "copyReceivedOn", notBefore: floor)
            c.studiedOn = try optionalDate(f, "studiedOn", notBefore: floor)
            c.studyResult = try f.optionalOneOf("studyResult", Case.StudyResult.self)
            c.enteredIntoForceOn = try optionalDate(f, "enteredIntoForceOn", notBefore: floor)
            c.conclusionApprovedOn = try optionalDate(f, "conclusionApprovedOn", notBefore: floor)
            for (k, pv) in try SupervisionJSON.list(f, "protests").enumerated() {
                let ppath = f.at("protests") + "[\(k)]"
                let p = try Fields(pv, path: ppath)
                let filed = try date(p, "filedOn", notBefore: floor)
                var protest = Protest(id: try p.identifier("id"), stage: try p.oneOf("stage", Protest.Stage.self), filedOn: filed,
                                      by: try p.oneOf("by", ProsecutorRole.self))
                protest.onProposal = try p.bool("onProposal", default: false)
                protest.outcome = try p.optionalOneOf("outcome", Protest.Outcome.self) ?? .pending
                protest.requestedBy = try p.optionalOneOf("requestedBy", Protest.RequestedBy.self)
                if protest.outcome == .withdrawalGranted, protest.requestedBy == nil {
                    throw .rule("a withdrawal granted names who asked for it (requestedBy)", path: p.at("requestedBy"), reason: .missing)
                }
                if protest.outcome != .pending {
                    guard p.optional("decidedOn") != nil else { throw .rule("a protest with outcome \(protest.outcome.rawValue) has its decidedOn", path: p.at("decidedOn"), reason: .missing) }
                    protest.decidedOn = try date(p, "decidedOn", notBefore: (filed, "filedOn"))
                } else {
                    protest.decidedOn = try optionalDate(p, "decidedOn", notBefore: (filed, "filedOn"))
                }
                protestPaths.append((protest.id, ppath + ".id"))
                c.protests.append(protest)
            }
            if let av = f.optional("appeal") {
                let a = try Fields(av, path: f.at("appeal"))
                let appealDecided = try date(a, "decidedOn", notBefore: floor)
                var appeal = Appeal(decidedOn: appealDecided, result: try a.oneOf("result", Appeal.Result.self),
                                    prosecutorParticipated: try a.bool("prosecutorParticipated", default: false))
                _ = try a.required("prosecutorParticipated")
                if let ev = a.optional("exclusion") {
                    let e = try Fields(ev, path: a.at("exclusion"))
                    let decisionOn = try date(e, "decisionOn", notBefore: (appealDecided, "appeal.decidedOn"))
                    var exclusion = Appeal.Exclusion(reason: try e.oneOf("reason", Appeal.Exclusion.Reason.self), decisionOn: decisionOn)
                    exclusion.requestedOn = try optionalDate(e, "requestedOn", notBefore: floor)
                    exclusion.consented = try e.bool("consented", default: false)
                    appeal.exclusion = exclusion
                }
                c.appeal = appeal
            }
            for (k, rv) in try SupervisionJSON.list(f, "privateResolutions").enumerated() {
                let r = try Fields(rv, path: f.at("privateResolutions") + "[\(k)]")
                var resolution = PrivateResolution(issuedOn: try date(r, "issuedOn", notBefore: floor))
                resolution.onProsecutorMotion = try r.bool("onProsecutorMotion", default: false)
                resolution.confirmedBy = try values(r, "confirmedBy", Confirmation.self).map(\.rawValue)
                c.privateResolutions.append(resolution)
            }
            return c
        }

        enum Confirmation: String, CaseIterable { case courtAct = "court_act", hearingRecord = "hearing_record", writtenConclusion = "written_conclusion" }

        func application(_ v: JSONValue, _ path: String) throws(InputError) -> Application {
            let f = try Fields(v, path: path)
            let received = try date(f, "receivedOn")
            let floor = (received, "receivedOn")
            var a = Application(id: try f.identifier("id"), caseID: try f.identifier("case"), kind: try f.oneOf("kind", Application.Kind.self), receivedOn: received)
            a.reachedExaminerOn = try optionalDate(f, "reachedExaminerOn", notBefore: floor)
            a.requisitionInstructedOn = try optionalDate(f, "requisitionInstructedOn", notBefore: floor)
            a.requestReachedCourtOn = try optionalDate(f, "requestReachedCourtOn", notBefore: floor)
            a.courtSentCaseOn = try optionalDate(f, "courtSentCaseOn", notBefore: floor)
            if let cv = f.optional("contents") {
                let c = try Fields(cv, path: f.at("contents"))
                guard case .object(let pairs) = cv else { throw InputError("expected an object", path: f.at("contents"), reason: .type) }
                for (key, _) in pairs where !Application.contentItems.contains(key) {
                    throw InputError("\"\(key)\" is not one of \(Application.contentItems.joined(separator: ", "))", path: c.at(key), reason: .unknownValue)
                }
                for key in Application.contentItems { a.contents[key] = try c.bool(key, default: false) }
            }
            a.signedBy = try f.optionalOneOf("signedBy", Application.Signer.self) ?? .none
            a.powerOfAttorney = try f.bool("powerOfAttorney", default: false)
            a.certifiedCopies = try f.bool("certifiedCopies", default: false)
            a.handling = try f.optionalOneOf("handling", Application.Handling.self) ?? .pending
            return a
        }

        func report(_ v: JSONValue, _ path: String) throws(InputError) -> Report {
            let f = try Fields(v, path: path)
            let kind = try f.oneOf("kind", Report.Kind.self)
            let text = try f.string("period")
            guard let period = Period(text), period.isMonth == (kind == .monthlyStudy) else {
                throw .rule("\"\(text)\" is not a period \(kind == .monthlyStudy ? "YYYY-MM" : "YYYY-Qn") for \(kind.rawValue)", path: f.at("period"), reason: .other)
            }
            var r = Report(id: try f.identifier("id"), office: try f.identifier("office"), kind: kind, period: period)
            r.submittedOn = try optionalDate(f, "submittedOn")
            return r
        }
    }

    // MARK: output

    public static func output(_ r: SupervisionResult) -> String {
        func date(_ d: LocalDate?) -> String { JSONText.optional(d) { JSONText.string($0.description) } }
        func bool(_ b: Bool?) -> String { JSONText.optional(b) { $0 ? "true" : "false" } }
        func strings(_ s: [String]?) -> String { JSONText.optional(s) { JSONText.array($0.map(JSONText.string)) } }
        let cases = r.cases.map(caseRow)
        let applications = r.applications.map { a in
            JSONText.object([("id", JSONText.string(a.id)), ("validity", JSONText.string(a.validity.rawValue)), ("missing", strings(a.missing)),
                             ("expectedHandling", JSONText.optional(a.expectedHandling, JSONText.string)), ("requisitionRequired", bool(a.requisitionRequired)),
                             ("requisitionDue", date(a.requisitionDue)), ("courtDue", date(a.courtDue)), ("explainRightToAppeal", bool(a.explainRightToAppeal))])
        }
        let reports = r.reports.map { x in JSONText.object([("id", JSONText.string(x.id)), ("validity", JSONText.string(x.validity.rawValue)), ("due", date(x.due))]) }
        let schedule = JSONText.object(r.schedule.map { s in
            (s.kind.rawValue, JSONText.optional(s.next) { n in JSONText.object([("period", JSONText.string(n.period.description)), ("due", JSONText.string(n.due.description))]) })
        })
        let kpis = JSONText.optional(r.kpis) { k in
            JSONText.object([
                ("from", JSONText.string(k.from.description)), ("to", JSONText.string(k.to.description)), ("validity", JSONText.string(k.validity.rawValue)),
                ("appealProtestEffectiveness", JSONText.optional(k.appealProtestEffectiveness) { a in
                    JSONText.object([("onProtest", String(a.onProtest)), ("annulledOrChanged", String(a.annulledOrChanged)), ("excluded", String(a.excluded)),
                                     ("percent", JSONText.optional(a.percent, percent))])
                }),
                ("protestSatisfaction", JSONText.optional(k.protestSatisfaction) { s in
                    JSONText.object([("considered", String(s.considered)), ("unsatisfied", String(s.unsatisfied)), ("adjustedUnsatisfied", String(s.adjustedUnsatisfied)),
                                     ("withdrawn", String(s.withdrawn)), ("returned", String(s.returned)), ("percent", JSONText.optional(s.percent, percent))])
                }),
                ("responseEffectiveness", JSONText.optional(k.responseEffectiveness) { x in
                    JSONText.object([("onMotion", String(x.onMotion)), ("total", String(x.total)), ("percent", JSONText.optional(x.percent, percent))])
                }),
            ])
        }
        var byCode: [String: Int] = [:]
        for f in r.findings { byCode[f.code.rawValue, default: 0] += 1 }
        let summary = JSONText.object([("cases", String(r.cases.count)), ("applications", String(r.applications.count)), ("reports", String(r.reports.count)),
                                       ("findings", String(r.findings.count)),
                                       ("byCode", JSONText.object(byCode.sorted { $0.key < $1.key }.map { ($0.key, String($0.value)) }))])
        return "{\"asOf\": \(JSONText.string(r.asOf.description)),\n \"cases\": \(array(cases)),\n \"applications\": \(array(applications)),\n"
            + " \"reports\": \(array(reports)),\n \"schedule\": \(schedule),\n \"kpis\": \(kpis),\n \"findings\": \(array(r.findings.map(finding))),\n"
            + " \"summary\": \(summary)}"
    }

    /// A case's row of the output.
    public static func caseRow(_ c: SupervisionResult.CaseRow) -> String {
        func strings(_ s: [String]?) -> String { JSONText.optional(s) { JSONText.array($0.map(JSONText.string)) } }
        return JSONText.object([
            ("id", JSONText.string(c.id)), ("validity", JSONText.string(c.validity.rawValue)), ("categories", strings(c.categories?.map(\.rawValue))),
            ("mandatory", JSONText.optional(c.mandatory) { $0 ? "true" : "false" }), ("studyGrounds", strings(c.studyGrounds)),
            ("routing", JSONText.optional(c.routing) { x in
                JSONText.object([("office", JSONText.string(x.office)), ("unit", JSONText.optional(x.unit, JSONText.string)),
                                 ("basis", JSONText.string(x.basis.rawValue)), ("reviewOffice", JSONText.optional(x.reviewOffice, JSONText.string))])
            }),
            ("protestTerm", JSONText.optional(c.protestTerm) { t in
                JSONText.object([("tauliks", String(t.tauliks)), ("from", JSONText.string(t.from.description)), ("due", JSONText.string(t.due.description))])
            }),
            ("conclusionDue", JSONText.optional(c.conclusionDue) { JSONText.string($0.description) }),
        ])
    }

    /// A JSON array, one item per line.
    public static func array(_ items: [String]) -> String { items.isEmpty ? "[]" : "[\n  " + items.joined(separator: ",\n  ") + "]" }

    /// A percentage rounded half-up to 2 decimals.
    static func percent(_ r: Rational) -> String { r.display }

    public static func finding(_ f: SupervisionFinding) -> String {
        var pairs: [(String, String)] = [("subjectKind", JSONText.string(f.subjectKind.rawValue)), ("subject", JSONText.string(f.subject)),
                                         ("code", JSONText.string(f.code.rawValue)), ("severity", JSONText.string(f.severity.rawValue))]
        if let v = f.validity { pairs.append(("validity", JSONText.string(v.rawValue))) }
        if let o = f.obligation {
            pairs.append(("obligation", JSONText.string(o.rawValue)))
            pairs.append(("due", JSONText.optional(f.due) { JSONText.string($0.description) }))
            if f.code != .deadlineApproaching {
                pairs.append(("actual", JSONText.optional(f.actual) { JSONText.string($0.description) }))
                pairs.append(("lateDays", JSONText.optional(f.lateDays) { String($0) }))
                if let w = f.lateWorkingDays { pairs.append(("lateWorkingDays", String(w))) }
            }
        }
        if let p = f.protest { pairs.append(("protest", JSONText.string(p))) }
        pairs.append(("citation", JSONText.array(f.citation.map { JSONText.string($0.description) })))
        pairs.append(("message", JSONText.localized(f.message)))
        return JSONText.object(pairs)
    }
}
