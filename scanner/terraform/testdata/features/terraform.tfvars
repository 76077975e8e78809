from_tfvars = "tfvars"
from_auto = "tfvars"
