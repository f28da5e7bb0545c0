"""EHC needs-assessment requests and the LA's steps on the statutory clock."""
