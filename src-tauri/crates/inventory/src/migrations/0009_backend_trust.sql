-- The CA certificates (PEM) an Ironic served over HTTPS is trusted by, given
-- explicitly when it was added; none means plain HTTP only.
ALTER TABLE backends ADD COLUMN ca_bundle TEXT;
