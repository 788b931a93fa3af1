"""boto3's ds-data and ds clients against the simulator: what the AWS CLI's calls would send, from the same
botocore models. Prints one JSON object of what each call answered. Usage: ds_data_boto3.py URL DIRECTORY_ID"""
import json
import sys

import boto3
from botocore.exceptions import ClientError, ParamValidationError

url, directory = sys.argv[1], sys.argv[2]
session = boto3.session.Session(
    aws_access_key_id="AKIDLOCAL", aws_secret_access_key="local", region_name="ap-northeast-1"
)
data = session.client("ds-data", endpoint_url=url)
ds = session.client("ds", endpoint_url=url)
out = {}


def error(call):
    try:
        call()
        return None
    except ClientError as e:
        return {
            "code": e.response["Error"]["Code"],
            "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
            "message": e.response["Error"].get("Message", ""),
        }
    except ParamValidationError as e:
        return {"code": "ParamValidationError", "message": str(e)}


out["dataAccess"] = ds.describe_directory_data_access(DirectoryId=directory)["DataAccessStatus"]
out["missing"] = error(lambda: data.describe_user(DirectoryId=directory, SAMAccountName="pyuser"))
created = data.create_user(
    DirectoryId=directory, SAMAccountName="pyuser", GivenName="Py", Surname="User", EmailAddress="py@example.com"
)
out["created"] = {"SAMAccountName": created["SAMAccountName"], "hasSid": bool(created.get("SID"))}
described = data.describe_user(DirectoryId=directory, SAMAccountName="pyuser")
out["described"] = {k: described.get(k) for k in ("SAMAccountName", "Enabled", "GivenName", "Surname")}
out["again"] = error(lambda: data.create_user(DirectoryId=directory, SAMAccountName="pyuser"))
# Too long for the model (GivenName max 64): botocore does not check maximum lengths, the service does.
out["tooLong"] = error(lambda: data.create_user(DirectoryId=directory, SAMAccountName="pyuser2", GivenName="x" * 65))
# Below the model's minimum length: botocore refuses it before sending.
out["empty"] = error(lambda: data.create_user(DirectoryId=directory, SAMAccountName=""))
print(json.dumps(out))
