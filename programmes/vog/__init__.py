"""The certificate of conduct (VOG, verklaring omtrent het gedrag) a trainee needs before a
placement: uploaded by the trainee, checked by staff, and required by a rule per placement kind."""
