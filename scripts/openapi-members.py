import json
R = lambda code: {"$ref": "#/components/responses/" + code}
def op(method, op_id, summary, desc, schema=None, body=None, status="200", params=None, content="application/json", errors=("400","401","403","404","409")):
    resp = {}
    if content == "application/json":
        resp[status] = {"description": "OK" if status=="200" else ("Created" if status=="201" else "No content")}
        if schema: resp[status]["content"] = {"application/json": {"schema": schema}}
    else:
        resp[status] = {"description": "The document", "content": {"text/html": {"schema": {"type":"string"}}, "application/pdf": {"schema": {"type":"string","format":"binary"}}}}
    names = {"400":"BadRequest","401":"Unauthenticated","403":"Forbidden","404":"NotFound","409":"Conflict"}
    for e in errors: resp[e] = R(names[e])
    o = {"tags": ["members"], "summary": summary, "description": desc, "operationId": op_id, "responses": resp}
    if params: o["parameters"] = params
    if body: o["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    return method, o
S = lambda n: {"$ref": "#/components/schemas/" + n}
A = lambda s: {"type": "array", "items": s}
Id = [{"$ref": "#/components/parameters/Id"}]
def q(name, desc, typ="string"):
    return {"name": name, "in": "query", "required": False, "description": desc, "schema": {"type": typ}}
Year = q("year", "Four-digit year; the current year (Beijing time) when left out.", "integer")
Fmt = {"name": "format", "in": "query", "required": False, "description": "html (printable page, default) or pdf", "schema": {"type": "string", "enum": ["html", "pdf"]}}
paths = {}
def add(path, *ops, params=None):
    item = {}
    if params: item["parameters"] = params
    for m, o in ops: item[m] = o
    paths[path] = item
add("/api/v1/employers",
    op("get", "listEmployers", "Employers (报到单位) whose name contains q", "For the registration form's search.", A(S("Employer")), params=[q("q", "part of the name")], errors=("401",)),
    op("post", "createEmployer", "Add an employer", "Branch staff or officials. A name already listed is refused (409).", S("Employer"), S("EmployerInput"), "201"))
add("/api/v1/employers/{id}", op("put", "updateEmployer", "Change an employer", "Name, party organisation, declared number of working members (for the registration rate).", S("Employer"), S("EmployerInput")), params=Id)
add("/api/v1/employers/{id}/accounts", op("post", "linkEmployerAccount", "Let an account read the employer's figures", "Account managers only. Name the account by account_id or by the phone it logs in with (404 naming the field when there is none). The account's /auth/me then lists the employer.", {"type":"object","properties":{"employer_id":{"type":"integer"},"account_id":{"type":"integer"}}}, {"type":"object","properties":{"account_id":{"type":"integer"},"phone":{"type":"string","description":"the account's login phone, instead of account_id"}}}, "201"), params=Id)
add("/api/v1/employers/{id}/figures", op("get", "employerFigures", "The employer's figures for a year", "Registration rate (registered / declared members), completion rate (yearly target met / registered), and each member's hours, points and commitments. No households, residents or problems. Readable by the employer's accounts and by officials (members of estates in their subtree).", S("EmployerFigures"), params=[Year]), params=Id)
add("/api/v1/units/{id}/member-rules",
    op("get", "memberRules", "The party members' rules that apply at a unit", "The unit's own rules, else the nearest ancestor's (from_unit), else Linli's defaults (from_unit.id null).", S("MemberRules")),
    op("put", "putMemberRules", "Set a unit's rules", "kManageMembers on the unit. Inherited by every unit below that has none of its own.", S("MemberRules"), S("MemberRules")), params=Id)
add("/api/v1/estates/{id}/member-registrations",
    op("get", "listRegistrations", "Party members registered with the estate", "Branch and officials (kReadMembers); each read is audited as read_sensitive (party_membership).", A(S("Registration")), params=[q("status", "pending, confirmed, rejected or ended")]),
    op("post", "register", "Register (报到) with the estate's branch", "By the member (roles resident or member on the estate), or by branch staff for person_id. The household must be in the estate. A second registration while one is pending or confirmed is refused (409). A new employer name is added to the employers.", S("Registration"), S("RegistrationInput"), "201"), params=Id)
add("/api/v1/estates/{id}/member-registrations/late", op("get", "lateRegistrations", "Who has not registered or renewed on time", "unregistered: members in the person register living here with no registration; late: confirmed registrations past their renewal date (rules.renew_months); pending: waiting for the branch.", S("LateList")), params=Id)
add("/api/v1/me/member-registrations", op("get", "myRegistrations", "The caller's registrations, newest first", "For the phone H5.", A(S("Registration")), errors=("401",)))
add("/api/v1/member-registrations/{id}", op("get", "getRegistration", "One registration", "The member, the branch and officials (audited), and the employer's accounts (no household).", S("Registration")), params=Id)
add("/api/v1/member-registrations/{id}/decision", op("post", "decideRegistration", "Confirm or reject a pending registration", "Confirming numbers the receipt (BD<year>-<id>), starts the renewal period and grants the account the role member on the estate; the member is notified.", S("Registration"), {"type":"object","required":["decision"],"properties":{"decision":{"type":"string","enum":["confirm","reject"]},"note":{"type":"string","description":"required (2+ characters) when rejecting"}}}), params=Id)
add("/api/v1/member-registrations/{id}/renew", op("post", "renewRegistration", "Re-register (renew) a confirmed registration", "The member or the branch.", S("Registration")), params=Id)
add("/api/v1/member-registrations/{id}/end", op("post", "endRegistration", "End a registration (moved away)", "Branch staff; with a reason.", S("Registration"), {"type":"object","required":["note"],"properties":{"note":{"type":"string"}}}), params=Id)
add("/api/v1/member-registrations/{id}/receipt", op("get", "registrationReceipt", "The 报到回执单 as a printable page or PDF", "Issued once confirmed (409 before). Names the member, employer, estate and branch; no room number.", params=[Fmt], content="doc"), params=Id)
add("/api/v1/member-registrations/{id}/commitments",
    op("get", "listCommitments", "A year's commitments and the report window", "", S("CommitmentSet"), params=[Year]),
    op("post", "makeCommitments", "Make the year's commitments", "The unit's required commitments plus 1 to 5 of the member's own; once a year, for the current year.", S("CommitmentSet"), {"type":"object","required":["year","own"],"properties":{"year":{"type":"integer"},"own":{"type":"array","items":{"type":"string"}}}}, "201"), params=Id)
add("/api/v1/commitments/{id}/report", op("post", "reportOnCommitment", "Report how a commitment was kept (践诺)", "The member only, inside the report window (January of the next year by default); outside it 409 gives the window.", S("Commitment"), {"type":"object","required":["report"],"properties":{"report":{"type":"string"}}}), params=Id)
add("/api/v1/commitments/{id}/review", op("post", "reviewCommitment", "The branch reviews a reported commitment", "", S("Commitment"), {"type":"object","required":["review"],"properties":{"review":{"type":"string","enum":["kept","partly","not_kept"]},"note":{"type":"string"}}}), params=Id)
add("/api/v1/estates/{id}/commitment-status", op("get", "commitmentStatus", "Each confirmed member's commitments for a year", "made, reported, reviewed; missing_report once the window has opened.", A(S("CommitmentStatusLine")), params=[Year]), params=Id)
add("/api/v1/member-registrations/{id}/record", op("get", "serviceRecord", "The member's service record (全程纪实) for a year", "Derived from what happened: visits, accepted task results, problems handled to resolution (assigned to the member; a reopened one drops out), and the branch's entries. format=html or pdf gives the printable yearly record for the employer.", S("ServiceRecord"), params=[Year, {"name":"format","in":"query","required":False,"schema":{"type":"string","enum":["json","html","pdf"]}}]), params=Id)
add("/api/v1/member-registrations/{id}/record-entries", op("post", "addRecordEntry", "The branch adds an entry to the record", "A date not in the future, kind service|meeting|activity|other, minutes 0-1440, points 0-100, a note.", S("RecordEntry"), S("RecordEntry"), "201"), params=Id)
add("/api/v1/record-entries/{id}", op("delete", "voidRecordEntry", "Void an entry (kept in the audit log)", "", None, status="204"), params=Id)
add("/api/v1/stats/members", op("get", "memberStats", "Party members' participation in a unit's subtree for a month", "registered, pending, active this month (a visit, claim, entry or problem handled), hours, visits, tasks claimed and accepted (on time), households paired and visited this quarter, with rates; children: the same one level down. kReadMembers on the unit.", S("MemberStats"), params=[{"name":"unit_id","in":"query","required":True,"schema":{"type":"integer"}}, q("month", "YYYY-MM; the current month when left out")]))
str_ = {"type":"string"}; int_={"type":"integer"}; bool_={"type":"boolean"}; t={"type":"string","format":"date-time"}
schemas = {
 "MemberStats": {"type":"object","properties":{"unit":{"type":"object"},"month":{"type":"string"},"registered":{"type":"integer"},"pending":{"type":"integer"},"active":{"type":"integer"},"active_rate":{"type":"number","nullable":True},"hours":{"type":"number"},"visits":{"type":"integer"},"tasks_claimed":{"type":"integer"},"tasks_accepted":{"type":"integer"},"tasks_on_time":{"type":"integer"},"on_time_rate":{"type":"number","nullable":True},"households":{"type":"integer"},"households_paired":{"type":"integer"},"households_visited_this_quarter":{"type":"integer"},"paired_rate":{"type":"number","nullable":True},"visited_rate":{"type":"number","nullable":True},"children":{"type":"array","items":{"$ref":"#/components/schemas/MemberStats"}}}},
 "Employer": {"type":"object","properties":{"id":int_,"name":str_,"party_org_name":str_,"member_count":int_}},
 "EmployerInput": {"type":"object","required":["name"],"properties":{"name":str_,"party_org_name":str_,"member_count":int_}},
 "EmployerFigures": {"type":"object","properties":{"employer":S("Employer"),"year":int_,"declared_members":int_,"registered":int_,"pending":int_,"registration_rate":{"type":"number","nullable":True},"target_met":int_,"completion_rate":{"type":"number","nullable":True},"members":A({"type":"object","properties":{"registration_id":int_,"name":str_,"estate_name":str_,"status":str_,"receipt_no":str_,"summary":S("RecordSummary"),"commitments":int_,"commitments_kept":int_}})}},
 "MemberRules": {"type":"object","properties":{"unit_id":int_,"from_unit":{"type":"object"},"renew_months":int_,"target_minutes":int_,"target_points":int_,"visit_minutes":int_,"visit_points":int_,"task_points":int_,"appeal_points":int_,"report_from":{"type":"string","example":"01-01"},"report_to":{"type":"string","example":"01-31"},"min_pairs":int_,"required":A(str_)}},
 "RegistrationInput": {"type":"object","required":["household_id"],"properties":{"household_id":int_,"person_id":int_,"employer_id":int_,"employer_name":str_,"employer_party_org":str_,"skills":str_,"services":str_,"show_publicly":bool_}},
 "Registration": {"type":"object","properties":{"id":int_,"person_id":int_,"name":str_,"phone":str_,"estate":{"type":"object"},"household_id":int_,"household":str_,"branch_name":str_,"employer":{"type":"object"},"employer_party_org":str_,"skills":str_,"services":str_,"status":{"type":"string","enum":["pending","confirmed","rejected","ended"]},"status_label":str_,"receipt_no":str_,"submitted_at":t,"decided_at":t,"decision_note":str_,"renewed_at":t,"renewal_due":t,"renewal_late":bool_,"mine":bool_}},
 "LateList": {"type":"object","properties":{"unregistered":A({"type":"object","properties":{"person_id":int_,"name":str_,"household":str_}}),"late":A(S("Registration")),"pending":A(S("Registration"))}},
 "Commitment": {"type":"object","properties":{"id":int_,"registration_id":int_,"year":int_,"required":bool_,"text":str_,"report":str_,"reported_at":t,"review":str_,"review_label":str_,"review_note":str_}},
 "CommitmentSet": {"type":"object","properties":{"year":int_,"items":A(S("Commitment")),"report_from":t,"report_to":t,"report_open":bool_}},
 "CommitmentStatusLine": {"type":"object","properties":{"member":S("Registration"),"made":int_,"reported":int_,"reviewed":int_,"missing_commitments":bool_,"missing_report":bool_}},
 "RecordSummary": {"type":"object","properties":{"minutes":int_,"hours":{"type":"number"},"points":int_,"visits":int_,"tasks":int_,"appeals":int_,"entries":int_,"target_met":bool_}},
 "ServiceRecord": {"type":"object","properties":{"member":S("Registration"),"year":int_,"items":A({"type":"object","properties":{"kind":{"type":"string","enum":["visit","task","appeal","entry"]},"kind_label":str_,"date":str_,"title":str_,"minutes":int_,"points":int_,"ref_id":int_}}),"summary":S("RecordSummary"),"target":{"type":"object"},"commitments":A(S("Commitment"))}},
 "RecordEntry": {"type":"object","required":["date","note"],"properties":{"id":int_,"date":{"type":"string","format":"date"},"kind":{"type":"string","enum":["service","meeting","activity","other"]},"minutes":int_,"points":int_,"note":str_}},
}
json.dump({"tag": {"name":"members","description":"Party members in their estate (在职党员回小区报到): employers, rules, registration and receipts, commitments, the service record (docs/MEMBERS.md)."},"paths":paths,"schemas":schemas}, open(__import__('os').path.join(__import__('os').path.dirname(__import__('os').path.abspath(__file__)), '..', 'docs', 'openapi-parts', 'members.json'),'w'), ensure_ascii=False, indent=2)
