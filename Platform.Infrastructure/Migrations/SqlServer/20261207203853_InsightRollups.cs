using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Infrastructure.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class InsightRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Channel",
                table: "Bookings",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "FrontDesk");

            migrationBuilder.CreateTable(
                name: "BookingRollups",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Basis = table.Column<int>(type: "int", nullable: false),
                    Grain = table.Column<int>(type: "int", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Hour = table.Column<int>(type: "int", nullable: false),
                    ServiceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ProviderId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Channel = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Currency = table.Column<string>(type: "nchar(3)", fixedLength: true, maxLength: 3, nullable: false),
                    Bookings = table.Column<int>(type: "int", nullable: false),
                    Revenue = table.Column<long>(type: "bigint", nullable: false),
                    Minutes = table.Column<long>(type: "bigint", nullable: false),
                    LeadMinutes = table.Column<long>(type: "bigint", nullable: false),
                    FirstBookings = table.Column<int>(type: "int", nullable: false),
                    Rescheduled = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BookingRollups", x => new { x.TenantId, x.Basis, x.Grain, x.Day, x.Hour, x.ServiceId, x.ProviderId, x.Status, x.Channel, x.Currency });
                });

            migrationBuilder.CreateTable(
                name: "RollupDays",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Basis = table.Column<int>(type: "int", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Stamp = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RollupDays", x => new { x.TenantId, x.Basis, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "RollupStates",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    TimeZone = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    BuiltAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RollupStates", x => x.TenantId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_TenantId_CreatedAt",
                table: "Bookings",
                columns: new[] { "TenantId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Bookings_TenantId_CustomerId_CreatedAt",
                table: "Bookings",
                columns: new[] { "TenantId", "CustomerId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BookingChanges_TenantId_At",
                table: "BookingChanges",
                columns: new[] { "TenantId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_BookingRollups_TenantId",
                table: "BookingRollups",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_RollupDays_TenantId",
                table: "RollupDays",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_RollupStates_TenantId",
                table: "RollupStates",
                column: "TenantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BookingRollups");

            migrationBuilder.DropTable(
                name: "RollupDays");

            migrationBuilder.DropTable(
                name: "RollupStates");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_TenantId_CreatedAt",
                table: "Bookings");

            migrationBuilder.DropIndex(
                name: "IX_Bookings_TenantId_CustomerId_CreatedAt",
                table: "Bookings");

            migrationBuilder.DropIndex(
                name: "IX_BookingChanges_TenantId_At",
                table: "BookingChanges");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "Bookings");
        }
    }
}
