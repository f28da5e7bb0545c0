"""Import pupils into a school's register: plan first (what would change, what is wrong), then apply.

One module per idea: `files` reads a file and finds the school it is for, `plan` works out what an
import would change (writes nothing), `apply` writes it through the register's services, and
`batches` keeps a web upload between its preview and its confirmation.

An import records what already happened elsewhere (another school's SEN history, the MIS's list),
so it does not ask for the parent conversations the register asks for before a status change made
in sensupport. It is all-or-nothing: one problem anywhere and nothing is written.

Rules the two file kinds share:
- a pupil is matched by UPN; a UPN held by a pupil at another school is a problem (the school
  they are leaving records them as a leaver first);
- identity fields the file does not carry keep their register value;
- a dated SEN entry is added unless the pupil already has one with the same start date and the
  same census code (our monitoring M counts as N, as it goes out as N);
- the pupil's status becomes the newest entry of the combined history;
- when the file says anything about SEN, the pupil's ranked needs (1 and 2) become the file's;
  removed needs get an end date and stay as history; unranked needs are the school's own record
  beyond the census pair and are kept;
- a spreadsheet's SENProvision is undated: it adds one entry dated the import day, and only when
  it differs from the pupil's current (census) status, so re-importing the same sheet changes
  nothing.
"""
