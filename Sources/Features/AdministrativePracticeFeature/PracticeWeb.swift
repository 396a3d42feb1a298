import AdministrativePractice
import Hummingbird
import JSONKit
import LegalCore
import WebKit

/// ADM-PRACTICE-2025's part of the server: `POST /api/v1/practice/evaluate` judges bodies as `rasim practice`
/// does (contracts/practice.md). (The stored registry, its routes and pages come next: issue 14.)
public struct PracticeWeb: WebFeature {
    public static let evaluate = RouteID("POST /api/v1/practice/evaluate")
    public init() {}

    public var permissions: [RoutePermission] { [RoutePermission(Self.evaluate, [.admin, .inspector, .internalControl])] }
    public var translations: [Language: [String: String]] { [:] }
    public var templates: [String: String] { [:] }
    public var navigation: [NavItem] { [] }

    public func register(api: RouterGroup<AppContext>, root: Router<AppContext>, platform: WebPlatform) {
        let calendar = platform.calendar
        api.post("practice/evaluate") { req, ctx in
            _ = try platform.authorize(Self.evaluate, ctx)
            let buffer = try await req.body.collect(upTo: ctx.maxUploadSize)
            let input = try buffer.withUnsafeReadableBytes { b in try Requests.input { () throws(InputError) in try PracticeJSON.input(b) } }
            let result: Result<PracticeResult, PracticeError> = Result { () throws(PracticeError) in
                try Practice.evaluate(asOf: input.asOf, bodies: input.bodies, calendar: calendar)
            }
            switch result {
            case .success(let r): return Requests.answer(.ok, PracticeJSON.output(r))
            case .failure(let error):
                // asOf before the decree, a day outside the calendar: well-formed, but the act cannot answer (422).
                throw APIError.rule(error.message, path: error.path, code: error.code)
            }
        }
    }

    public var operations: [APIOperation] {
        [APIOperation(method: "post", path: "/api/v1/practice/evaluate", id: "evaluatePractice",
                      summary: "Judge bodies' administrative practice as `rasim practice` (contracts/practice.md)", route: Self.evaluate,
                      request: "PracticeInput", success: (200, "PracticeResult"), errors: [400, 413, 422])]
    }

    public var schemas: [(String, String)] {
        let decision = ##"{"type": "object", "required": ["date", "outcome"], "properties": {"caseNumber": @TEXT@, "date": @DATE@, "outcome": {"enum": ["for_body", "against_body", "other"]}, "content": @TEXT@}}"##
        let anyDecision = "{\"anyOf\": [{\"type\": \"object\", \"maxProperties\": 0}, \(decision)]}"
        let texts = { (keys: [String]) in "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {" + keys.map { "\"\($0)\": @TEXT@" }.joined(separator: ", ") + "}}" }
        let instruction = "{\"type\": \"object\", \"required\": [\"version\", \"approvedOn\", \"approverRole\"], \"properties\": {\"version\": @NETEXT@, \"approvedOn\": @DATE@, \"placedOn\": @DATE@, "
            + "\"approverRole\": {\"enum\": [\"head\", \"acting_head\", \"deputy_head\", \"apparatus_head\", \"other\"]}, \"app2\": \(texts(["name"] + (1...16).map(String.init)))}}"
        let procedure = "{\"type\": \"object\", \"required\": [\"id\", \"listedOn\"], \"properties\": {\"id\": @ID@, \"listedOn\": @DATE@, \"publicService\": {\"type\": \"boolean\"}, "
            + "\"app1\": \(texts((1...8).map(String.init))), \"orderChanges\": {\"type\": \"array\", \"uniqueItems\": true, \"items\": @DATE@}, \"actFormInLaw\": {\"type\": \"boolean\"}, "
            + "\"modelForms\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"approvedOn\"], \"properties\": {\"approvedOn\": @DATE@}}}, "
            + "\"instructions\": {\"type\": \"array\", \"items\": \(instruction)}}}"
        let courtCase = "{\"type\": \"object\", \"required\": [\"id\", \"field\", \"filedOn\", \"pretrial\"], \"properties\": {\"id\": @ID@, \"field\": @NETEXT@, \"procedure\": @ID@, \"filedOn\": @DATE@, "
            + "\"act\": {\"type\": \"object\", \"properties\": {\"name\": @TEXT@, \"content\": @TEXT@, \"adoptedOn\": @DATE@}}, "
            + "\"pretrial\": {\"type\": \"object\", \"required\": [\"held\"], \"properties\": {\"held\": {\"type\": \"boolean\"}, \"by\": @TEXT@, \"act\": @TEXT@, \"reason\": @TEXT@}}, "
            + "\"claim\": @TEXT@, \"firstInstance\": \(anyDecision), \"appeal\": \(anyDecision), \"cassation\": \(anyDecision), \"inForceOn\": @DATE@, "
            + "\"annulmentReasons\": @TEXT@, \"preventiveMeasures\": @TEXT@, \"causeMeasures\": @TEXT@, "
            + "\"privateRulings\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"properties\": {\"content\": @TEXT@, \"action\": @TEXT@}}}}}"
        let body = "{\"type\": \"object\", \"required\": [\"id\", \"kind\"], \"properties\": {\"id\": @ID@, \"name\": @NAME@, "
            + "\"kind\": {\"enum\": [\"central\", \"central_department\", \"oblast\", \"republican_city\", \"capital\", \"district\", \"oblast_city\", \"other\"]}, "
            + "\"procedures\": {\"type\": \"array\", \"items\": \(procedure)}, \"knowledgeBaseReviews\": {\"type\": \"array\", \"items\": @DATE@}, "
            + "\"courtCases\": {\"type\": \"array\", \"items\": \(courtCase)}, "
            + "\"reports\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"period\", \"submittedOn\"], \"properties\": {\"period\": {\"type\": \"string\", \"pattern\": \"^(202[5-9]|20[3-9][0-9]|2[1-9][0-9]{2}|[3-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])-(06|12)$\"}, \"submittedOn\": @DATE@}}}, "
            + "\"targets\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"year\", \"percent\"], \"properties\": {\"year\": {\"type\": \"integer\", \"minimum\": 2000, \"maximum\": 9999}, \"percent\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 100}}}}}}"
        let result = ##"{"type": "object", "required": ["asOf", "bodies", "reports", "indicator", "findings", "summary"], "properties": {"asOf": {"type": "string", "format": "date"}, "bodies": {"type": "array"}, "reports": {"type": "array"}, "indicator": {"type": "array"}, "findings": {"type": "array", "items": {"type": "object", "required": ["body", "subject", "code", "severity", "citation", "message"]}}, "summary": {"type": "object"}}}"##
        return [("PracticeInput", APIDocument.Schemas.fill("{\"type\": \"object\", \"required\": [\"asOf\", \"bodies\"], \"properties\": {\"asOf\": @DATE@, \"bodies\": {\"type\": \"array\", \"items\": \(body)}}}")),
                ("PracticeResult", result)]
    }
}
