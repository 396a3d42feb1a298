import AdministrativePractice
import JSONKit
import LegalCore

/// The JSON of docs/reference/practice.md: the input read with every invalid case named at its path, the output
/// written in the contract's order.
public enum PracticeJSON {
    // MARK: input

    public static func input(_ bytes: UnsafeRawBufferPointer) throws(InputError) -> (asOf: LocalDate, bodies: [Body]) {
        guard bytes.count > 0 else { throw InputError("the input is empty", path: "$", reason: .empty) }
        let f = try Fields(JSONParser.document(bytes), path: "$")
        let asOf = try f.date("asOf")
        var seen: [String: Int] = [:]
        var bodies: [Body] = []
        for (i, item) in try f.array("bodies").enumerated() {
            let b = try body(item, "$.bodies[\(i)]")
            if let first = seen[b.id] { throw .rule("body \"\(b.id)\" is given twice (first at $.bodies[\(first)])", path: "$.bodies[\(i)].id", reason: .duplicate) }
            seen[b.id] = i
            bodies.append(b)
        }
        return (asOf, bodies)
    }

    /// One `bodies[]` entry as a document of its own (the body a PUT stores, or one read back).
    public static func bodyDocument(_ bytes: UnsafeRawBufferPointer) throws(InputError) -> Body {
        guard bytes.count > 0 else { throw InputError("the input is empty", path: "$", reason: .empty) }
        return try body(JSONParser.document(bytes), "$")
    }

    public static func bodyDocument(_ text: String) throws(InputError) -> Body {
        let result: Result<Body, InputError> = Array(text.utf8).withUnsafeBytes { b in Result { () throws(InputError) in try bodyDocument(b) } }
        return try result.get()
    }

    static func body(_ v: JSONValue, _ path: String) throws(InputError) -> Body {
        let f = try Fields(v, path: path)
        var b = Body(id: try f.identifier("id"), name: try f.optionalName("name"), kind: try f.oneOf("kind", Body.Kind.self))
        var procedureIDs: [String: Int] = [:]
        for (j, item) in try list(f, "procedures").enumerated() {
            let p = try procedure(item, f.at("procedures") + "[\(j)]")
            if let first = procedureIDs[p.id] { throw .rule("procedure \"\(p.id)\" is given twice in this body (first at procedures[\(first)])", path: f.at("procedures") + "[\(j)].id", reason: .duplicate) }
            procedureIDs[p.id] = j
            b.procedures.append(p)
        }
        b.knowledgeBaseReviews = try dates(f, "knowledgeBaseReviews", unique: false)
        var caseIDs: [String: Int] = [:]
        for (j, item) in try list(f, "courtCases").enumerated() {
            let cpath = f.at("courtCases") + "[\(j)]"
            let c = try courtCase(item, cpath)
            if let first = caseIDs[c.id] { throw .rule("court case \"\(c.id)\" is given twice in this body (first at courtCases[\(first)])", path: cpath + ".id", reason: .duplicate) }
            caseIDs[c.id] = j
            if let p = c.procedure, procedureIDs[p] == nil {
                throw .rule("procedure \"\(p)\" is not one of this body's", path: cpath + ".procedure", reason: .init(rawValue: "unknown_reference"))
            }
            b.courtCases.append(c)
        }
        var periods: Set<HalfYear> = []
        for (j, item) in try list(f, "reports").enumerated() {
            let r = try Fields(item, path: f.at("reports") + "[\(j)]")
            let text = try r.string("period")
            guard let period = HalfYear(text), period >= HalfYear.first else {
                throw InputError("\"\(text)\" is not a report period YYYY-06 or YYYY-12 from 2025-06", path: r.at("period"), reason: .init(rawValue: "format"))
            }
            guard periods.insert(period).inserted else { throw .rule("period \(period) is reported twice", path: r.at("period"), reason: .duplicate) }
            b.reports.append(ReportSubmission(period: period, submittedOn: try r.date("submittedOn")))
        }
        var years: Set<Int> = []
        for (j, item) in try list(f, "targets").enumerated() {
            let t = try Fields(item, path: f.at("targets") + "[\(j)]")
            let year = try t.int("year", min: 2000, max: 9999)
            guard years.insert(year).inserted else { throw .rule("a target for \(year) is given twice", path: t.at("year"), reason: .duplicate) }
            b.targets.append(Target(year: year, percent: try percent(t.required("percent"), t.at("percent"))))
        }
        return b
    }

    static func procedure(_ v: JSONValue, _ path: String) throws(InputError) -> Procedure {
        let f = try Fields(v, path: path)
        var p = Procedure(id: try f.identifier("id"), listedOn: try f.date("listedOn"), publicService: try f.bool("publicService", default: false))
        p.app1 = try numbered(f, "app1", keys: (1...8).map(String.init)).reduce(into: [:]) { $0[Int($1.key)!] = $1.value }
        p.orderChanges = try dates(f, "orderChanges", unique: true)
        if let a = f.optional("actFormInLaw") {
            guard case .bool(let flag) = a else { throw InputError("expected true or false, got \(a.typeName)", path: f.at("actFormInLaw"), reason: .type) }
            p.actFormInLaw = flag
        }
        p.modelForms = try list(f, "modelForms").enumerated().map { (k, item) throws(InputError) -> LocalDate in
            try Fields(item, path: f.at("modelForms") + "[\(k)]").date("approvedOn")
        }
        var versions: Set<String> = [], approvedDays: Set<LocalDate> = []
        for (k, item) in try list(f, "instructions").enumerated() {
            let i = try Fields(item, path: f.at("instructions") + "[\(k)]")
            let version = try i.nonEmptyString("version")
            let approvedOn = try i.date("approvedOn")
            guard versions.insert(version).inserted else { throw .rule("version \"\(version)\" is given twice", path: i.at("version"), reason: .duplicate) }
            guard approvedDays.insert(approvedOn).inserted else { throw .rule("two versions are approved on \(approvedOn)", path: i.at("approvedOn"), reason: .duplicate) }
            let placedOn = try i.optional("placedOn").map { _ throws(InputError) in try i.date("placedOn") }
            if let placedOn, placedOn < approvedOn {
                throw .rule("placed on \(placedOn), before its approval on \(approvedOn)", path: i.at("placedOn"), reason: .init(rawValue: "order"))
            }
            p.instructions.append(Instruction(version: version, approvedOn: approvedOn, placedOn: placedOn,
                                              approver: try i.oneOf("approverRole", Instruction.Approver.self),
                                              app2: try numbered(i, "app2", keys: ["name"] + (1...16).map(String.init))))
        }
        return p
    }

    static func courtCase(_ v: JSONValue, _ path: String) throws(InputError) -> CourtCase {
        let f = try Fields(v, path: path)
        let filedOn = try f.date("filedOn")
        let pre = try Fields(f.required("pretrial"), path: f.at("pretrial"))
        guard case .bool(let held) = try pre.required("held") else { throw InputError("expected true or false", path: pre.at("held"), reason: .type) }
        var c = CourtCase(id: try f.identifier("id"), field: try f.nonEmptyString("field"), procedure: try f.optionalIdentifier("procedure"),
                          filedOn: filedOn, pretrialHeld: held, pretrialBy: try pre.optionalString("by"), pretrialAct: try pre.optionalString("act"),
                          pretrialReason: try pre.optionalString("reason"), claim: try f.optionalString("claim"),
                          inForceOn: nil, annulmentReasons: try f.optionalString("annulmentReasons"),
                          preventiveMeasures: try f.optionalString("preventiveMeasures"), causeMeasures: try f.optionalString("causeMeasures"))
        if let a = f.optional("act") {
            let af = try Fields(a, path: f.at("act"))
            c.actName = try af.optionalString("name"); c.actContent = try af.optionalString("content")
            c.actAdoptedOn = try af.optional("adoptedOn").map { _ throws(InputError) in try af.date("adoptedOn") }
        }
        // Each instance after the one below it, none before the filing.
        var lower: (String, LocalDate) = ("filedOn", filedOn)
        var decisions: [CourtCase.Decision?] = []
        for key in ["firstInstance", "appeal", "cassation"] {
            guard let d = f.optional(key), !isEmptyObject(d) else { decisions.append(nil); continue }
            if decisions.last.map({ $0 == nil }) ?? false {
                throw .rule("\(key) without the instance below it", path: f.at(key), reason: .init(rawValue: "order"))
            }
            let df = try Fields(d, path: f.at(key))
            let date = try df.date("date")
            guard date >= lower.1 else { throw .rule("decided on \(date), before \(lower.0) (\(lower.1))", path: df.at("date"), reason: .init(rawValue: "order")) }
            lower = (key, date)
            decisions.append(CourtCase.Decision(caseNumber: try df.optionalString("caseNumber"), date: date,
                                                outcome: try df.oneOf("outcome", CourtCase.Outcome.self), content: try df.optionalString("content")))
        }
        c.firstInstance = decisions[0]; c.appeal = decisions[1]; c.cassation = decisions[2]
        if f.optional("inForceOn") != nil {
            let inForce = try f.date("inForceOn")
            guard let first = c.firstInstance else { throw .rule("in force without a first-instance decision", path: f.at("inForceOn"), reason: .init(rawValue: "order")) }
            guard inForce >= first.date else { throw .rule("in force on \(inForce), before the first-instance decision (\(first.date))", path: f.at("inForceOn"), reason: .init(rawValue: "order")) }
            c.inForceOn = inForce
        }
        c.privateRulings = try list(f, "privateRulings").enumerated().map { (k, item) throws(InputError) -> CourtCase.PrivateRuling in
            let r = try Fields(item, path: f.at("privateRulings") + "[\(k)]")
            return CourtCase.PrivateRuling(content: try r.optionalString("content"), action: try r.optionalString("action"))
        }
        return c
    }

    // MARK: input helpers

    static func list(_ f: Fields, _ key: String) throws(InputError) -> [JSONValue] { f.optional(key) == nil ? [] : try f.array(key) }

    static func isEmptyObject(_ v: JSONValue) -> Bool { if case .object(let pairs) = v { return pairs.isEmpty } else { return false } }

    static func dates(_ f: Fields, _ key: String, unique: Bool) throws(InputError) -> [LocalDate] {
        var out: [LocalDate] = []
        for (k, item) in try list(f, key).enumerated() {
            let text = try Fields.string(item, f.at(key) + "[\(k)]")
            guard let d = LocalDate(text) else { throw InputError("\"\(text)\" is not a date YYYY-MM-DD", path: f.at(key) + "[\(k)]", reason: .date) }
            if unique, out.contains(d) { throw .rule("\(d) is given twice", path: f.at(key) + "[\(k)]", reason: .duplicate) }
            out.append(d)
        }
        return out
    }

    /// An object of texts under the given keys only (App.1's columns, App.2's rows).
    static func numbered(_ f: Fields, _ key: String, keys: [String]) throws(InputError) -> [String: String] {
        guard let v = f.optional(key) else { return [:] }
        guard case .object(let pairs) = v else { throw InputError("expected an object, got \(v.typeName)", path: f.at(key), reason: .type) }
        let inner = try Fields(v, path: f.at(key))
        var out: [String: String] = [:]
        for (k, _) in pairs {
            guard keys.contains(k) else { throw InputError("\"\(k)\" is not one of \(keys.joined(separator: ", "))", path: inner.at(k), reason: .other) }
            if let s = try inner.optionalString(k) { out[k] = s }
        }
        return out
    }

    /// A percentage from 0 to 100, exact to a millionth (a decimal with up to six places is read exactly).
    static func percent(_ v: JSONValue, _ path: String) throws(InputError) -> Rational {
        guard case .number(let text) = v, let d = Double(text), d.isFinite else {
            throw InputError("expected a number from 0 to 100, got \(v.typeName)", path: path, reason: .type)
        }
        guard d >= 0, d <= 100 else { throw InputError("\(text) is outside 0–100", path: path, reason: .range) }
        return Rational(Int((d * 1_000_000).rounded()), 1_000_000)
    }

    // MARK: output

    public static func output(_ r: PracticeResult) -> String {
        var byCode: [String: Int] = [:]
        for f in r.findings { byCode[f.code.rawValue, default: 0] += 1 }
        let bodies = r.bodies.map { JSONText.object([("id", JSONText.string($0.id)), ("covered", $0.covered ? "true" : "false")]) }
        let reports = r.reports.map(report)
        let indicator = r.indicator.map(indicatorRow)
        let findings = r.findings.map(finding)
        let summary = JSONText.object([("bodies", String(r.bodies.count)), ("covered", String(r.bodies.filter(\.covered).count)),
                                       ("findings", String(r.findings.count)),
                                       ("byCode", JSONText.object(byCode.sorted { $0.key < $1.key }.map { ($0.key, String($0.value)) }))])
        return "{\"asOf\": \(JSONText.string(r.asOf.description)),\n \"bodies\": \(array(bodies)),\n \"reports\": \(array(reports)),\n"
            + " \"indicator\": \(array(indicator)),\n \"findings\": \(array(findings)),\n \"summary\": \(summary)}"
    }

    /// A JSON array, one item per line.
    public static func array(_ items: [String]) -> String { items.isEmpty ? "[]" : "[\n  " + items.joined(separator: ",\n  ") + "]" }

    public static func report(_ x: PracticeResult.ReportRow) -> String {
            JSONText.object([("body", JSONText.string(x.body)), ("period", JSONText.string(x.period.description)),
                             ("from", JSONText.string(x.period.from.description)), ("to", JSONText.string(x.period.to.description)),
                             ("due", JSONText.string(x.due.description)), ("submittedOn", JSONText.optional(x.submittedOn) { JSONText.string($0.description) }),
                             ("status", JSONText.string(x.status.rawValue)), ("casesInProceedings", String(x.casesInProceedings)),
                             ("decisionsForBody", String(x.decisionsForBody)), ("decisionsAgainstBody", String(x.decisionsAgainstBody)),
                             ("fields", JSONText.array(x.fields.map(JSONText.string)))])
    }

    public static func indicatorRow(_ x: PracticeResult.IndicatorRow) -> String {
            JSONText.object([("body", JSONText.string(x.body)), ("year", String(x.year)), ("decided", String(x.decided)), ("illegal", String(x.illegal)),
                             ("sharePercent", JSONText.optional(x.share, percentText)), ("targetPercent", JSONText.optional(x.target, percentText)),
                             ("previousSharePercent", JSONText.optional(x.previousShare, percentText)),
                             ("met", JSONText.optional(x.met) { $0 ? "true" : "false" })])
    }

    public static func finding(_ f: PracticeFinding) -> String {
        var pairs: [(String, String)] = [("body", JSONText.string(f.body)), ("subject", JSONText.string(f.subject)), ("code", JSONText.string(f.code.rawValue)),
                                         ("severity", JSONText.string(f.severity.rawValue)), ("citation", JSONText.array(f.citation.map { JSONText.string($0.description) }))]
        if let v = f.version { pairs.append(("version", JSONText.string(v))) }
        if let d = f.changedOn { pairs.append(("changedOn", JSONText.string(d.description))) }
        if let d = f.due { pairs.append(("due", JSONText.string(d.description))) }
        if f.code == .actualizationTermBreach || f.code == .reportTermBreach { pairs.append(("actual", JSONText.optional(f.actual) { JSONText.string($0.description) })) }
        if let l = f.lateDays { pairs.append(("lateDays", String(l))) }
        if let m = f.missing { pairs.append(("missing", JSONText.array(m.map(String.init)))) }
        if let t = f.targetPercent { pairs.append(("targetPercent", percentText(t))) }
        if let p = f.previousSharePercent { pairs.append(("previousSharePercent", percentText(p))) }
        pairs.append(("message", JSONText.localized(f.message)))
        return JSONText.object(pairs)
    }

    /// A percentage rounded half-up to 2 decimals (`Rational.display`), as the contract writes it (`25.0`, `33.33`).
    static func percentText(_ r: Rational) -> String {
        let d = r.display
        return d.contains(".") ? d : d + ".0"
    }
}
